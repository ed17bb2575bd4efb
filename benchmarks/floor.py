"""The floor of a build: every report's notebook code run as plain Python, in one process.

No kernel, no papermill, no rendering: each notebook's code cells are exec'd in a fresh
namespace, the parameters cell first and then the report's parameters, as papermill would
inject them; matplotlib draws with Agg; whatever the cells display is discarded. What this
costs is the work the notebooks themselves do, which no build can avoid.

    python benchmarks/floor.py PROJECT JOBS.json

JOBS.json lists {"notebook": path, "parameters": {...}} per report (benchmarks/build.py
writes it from the build's own plan).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path


def run(project: Path, jobs: list[dict[str, object]]) -> None:
    """Exec every job's notebook code cells with its parameters, in this process."""
    os.environ["CRACKDOWN_ROOT"] = str(project)
    os.environ["MPLBACKEND"] = "Agg"
    for job in jobs:
        path = Path(str(job["notebook"]))
        os.chdir(path.parent)  # where papermill runs the kernel
        notebook = json.loads(path.read_text(encoding="utf-8"))
        namespace: dict[str, object] = {"__name__": "__main__"}
        parameters = job["parameters"]
        assert isinstance(parameters, dict)
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(source, str(job["notebook"]), "exec"), namespace)
            if "parameters" in cell.get("metadata", {}).get("tags", []):
                namespace.update(parameters)


if __name__ == "__main__":
    run(Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
