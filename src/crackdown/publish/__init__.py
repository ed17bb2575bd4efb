"""`crackdown build`: notebooks/reports.toml -> papermill -> nbconvert -> WeasyPrint -> reports/.

The modules are imported on first use only, so that a build with nothing to do (which needs
`crackdown.publish.cache` alone) imports neither pandas nor the rendering libraries.
"""
