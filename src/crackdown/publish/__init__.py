"""`crackdown build`: notebooks/reports.toml -> papermill -> nbconvert -> WeasyPrint -> reports/.

- registry: what to build (reports.toml, families expanded from the data)
- parameters: each report's parameters checked against its notebook, before any kernel starts
- execute: papermill, with a kernel of this environment's Python
- render: the web page and the print page (nbconvert, the project's templates), the PDF
- site: the manifest, index.html and the data files to download
- pipeline: plan, build one report into a staging folder, commit it; the whole build
- atomic: every published file is written to a temporary file and renamed into place
- progress: one line per report as it goes, and the summary table
- cache: which reports are current (keys of their inputs, digests of their outputs)
- pool: reports built in parallel worker processes, each kernel started ahead of its report

The pipeline (and with it pandas, papermill and nbconvert) is imported on first use only, so
that a build with nothing to do, and `crackdown.publish.cache`, stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crackdown.publish.pipeline import BuildResult, Outcome, build, plan

__all__ = ["BuildResult", "Outcome", "build", "plan"]


def __getattr__(name: str) -> Any:
    """The pipeline's public names, imported when first asked for."""
    if name in __all__:
        from crackdown.publish import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
