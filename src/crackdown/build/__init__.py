"""`crackdown build`: notebooks/reports.toml -> papermill -> nbconvert -> WeasyPrint -> reports/.

- registry: what to build (reports.toml, families expanded from the data)
- parameters: each report's parameters checked against its notebook, before any kernel starts
- execute: papermill, with a kernel of this environment's Python
- render: the web page and the print page (nbconvert, the project's templates), the PDF
- site: the manifest, index.html and the data files to download
- pipeline: plan, build one report into a staging folder, commit it; the whole build
- atomic: every published file is written to a temporary file and renamed into place
- progress: one line per report as it goes, and the summary table
"""

from __future__ import annotations

from crackdown.build.pipeline import BuildResult, Outcome, build, plan

__all__ = ["BuildResult", "Outcome", "build", "plan"]
