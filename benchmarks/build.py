"""Build speed: `crackdown build` against the plain papermill + nbconvert + weasyprint loop.

    python benchmarks/build.py [--runs 5] [--scale 100,1000,10000,100000] [--out FILE]

Everything runs on scratch copies of the project in a temporary folder, never on data/ or
reports/. Each figure is the median of --runs runs (wall time of the whole command, as a user
waits for it), with the spread (min-max) beside it, because the machine may be shared:

  a  the plain way: per report, the `papermill` CLI, `jupyter nbconvert --to html`, then the
     `weasyprint` CLI, one report after another
  b  `crackdown build --force`: every report executed and rendered again (the validation of
     unchanged data is remembered, as in any build; `b0` is the first build of a fresh copy)
  c  `crackdown build` with nothing changed
  d  `crackdown build` after one row of data/figures.csv changed (each run changes it again)
  e  the floor: the notebooks' code as plain Python in one process (benchmarks/floor.py)
  f  scale: `crackdown build --force overview` on synthetic projects (benchmarks/synthetic.py),
     the validation of each project (once; it is remembered) timed apart from the builds

It prints the table, the ratios against the targets of issue 5, and the scale curve, and
writes them to benchmarks/results.md (or --out) with the core count, date and versions.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import make_project  # noqa: E402

BIN = Path(sys.executable).parent
LIBRARIES = (
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "jupyter_client",
    "pandas",
    "matplotlib",
    "seaborn",
    "weasyprint",
)
TARGETS = {"b/a": 0.35, "c/b": 0.05, "c": 1.0, "d/b": 0.8, "b/e": 2.0, "scale": 3.0}
#: The largest scale point may run once; it is also stopped after this long, or this much memory.
SCALE_LIMIT_S = 1800
SCALE_LIMIT_BYTES = 14 * 1024**3


@dataclass
class Timing:
    """The wall times of one measure, in seconds."""

    label: str
    what: str
    runs: list[float] = field(default_factory=list)
    note: str = ""
    steps: dict[str, list[float]] = field(default_factory=dict)

    @property
    def median(self) -> float:
        """The median run."""
        return statistics.median(self.runs) if self.runs else float("nan")

    def spread(self) -> str:
        """'min-max s (n runs)'."""
        if not self.runs:
            return "no run"
        return f"{min(self.runs):.2f}-{max(self.runs):.2f} s ({len(self.runs)} runs)"


def timed(command: Sequence[str], *, env: dict[str, str] | None = None, **kw: object) -> float:
    """Run `command`, fail loudly if it fails, and return its wall time."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, **kw)  # type: ignore[call-overload]
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(map(str, command))} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return seconds


def environment(project: Path) -> dict[str, str]:
    """The environment commands run in: this Python's scripts first on PATH, the project's root."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["CRACKDOWN_ROOT"] = str(project)
    return env


def copy_project(target: Path, source: Path = ROOT) -> Path:
    """seeds/, data/ (not candidates) and notebooks/ of `source` in `target`."""
    for folder in ("seeds", "data", "notebooks"):
        shutil.copytree(
            source / folder,
            target / folder,
            ignore=shutil.ignore_patterns("candidates", ".ipynb_checkpoints"),
        )
    return target


def crackdown(project: Path, *args: str) -> list[str]:
    """The command line of `crackdown build ARGS` on `project`."""
    return [str(BIN / "crackdown"), "--root", str(project), "build", *args]


def jobs_of(project: Path) -> list[dict[str, object]]:
    """Every report of `project`: name, notebook, parameters as the build injects them, formats."""
    from crackdown.publish import pipeline
    from crackdown.paths import Paths

    return [
        {
            "name": job.report.name,
            "notebook": str(job.report.notebook),
            "parameters": dict(job.inject),
            "formats": list(job.report.formats),
        }
        for job in pipeline.plan(Paths.at(project)).jobs
    ]


def plain_loop(project: Path, jobs: list[dict[str, object]], out: Path) -> None:
    """Measure a: papermill, nbconvert and weasyprint CLIs per report, one after another."""
    env = environment(project)
    out.mkdir(exist_ok=True)
    for job in jobs:
        name, notebook = str(job["name"]), Path(str(job["notebook"]))
        executed = out / f"{name}.ipynb"
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(notebook),
                str(executed),
                "-k",
                "python3",
                "--cwd",
                str(notebook.parent),
                "-y",
                json.dumps(job["parameters"]),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            env=env,
            check=True,
            capture_output=True,
        )
        if "pdf" in job["formats"]:  # type: ignore[operator]
            subprocess.run(
                [str(BIN / "weasyprint"), str(out / f"{name}.html"), str(out / f"{name}.pdf")],
                env=env,
                check=True,
                capture_output=True,
            )


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file below `folder`: (mtime_ns, size, bytes), to prove a build wrote nothing."""
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_size, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def built_reports(output: str) -> list[str]:
    """The reports a build's output says it built ("Building 3 reports: a, b, c")."""
    for line in output.splitlines():
        if line.startswith("Building "):
            return [n.strip() for n in line.split(":", 1)[1].split(",")]
    return []


def change_one_row(figures_csv: Path, run: int) -> str:
    """Change the notes of one figure row (a different text each run); returns its figure_id."""
    with figures_csv.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
        columns = list(rows[0])
    row = rows[len(rows) // 2]
    row["notes"] = f"benchmark edit {run}"
    with figures_csv.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return row["figure_id"]


def outputs(reports: Path) -> dict[str, bytes]:
    """The published pages, PDFs, index and manifest, by name."""
    return {
        p.name: p.read_bytes()
        for p in sorted(reports.iterdir())
        if p.is_file() and p.suffix in (".html", ".pdf", ".json")
    }


def limit_memory() -> None:
    """Cap a scale run's address space, so that a runaway render fails instead of swapping."""
    resource.setrlimit(resource.RLIMIT_AS, (SCALE_LIMIT_BYTES, SCALE_LIMIT_BYTES))


def measure(runs: int, scale: list[int], say: Callable[[str], None]) -> dict[str, object]:
    """Run every measure; returns the timings and what was checked along the way."""
    scratch = Path(tempfile.mkdtemp(prefix="crackdown-bench-"))
    say(f"scratch folder: {scratch}")
    timings: dict[str, Timing] = {}
    checks: list[str] = []
    try:
        project = copy_project(scratch / "project")
        env = environment(project)
        started = time.perf_counter()
        timed(crackdown(project), env=env)
        timings["b0"] = Timing("b0", "first `crackdown build` of a fresh copy (validates)")
        timings["b0"].runs.append(time.perf_counter() - started)
        jobs = jobs_of(project)
        (scratch / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
        names = [str(j["name"]) for j in jobs]
        say(f"reports: {', '.join(names)}")

        a = timings["a"] = Timing(
            "a", "plain loop: papermill + jupyter nbconvert + weasyprint CLIs"
        )
        b = timings["b"] = Timing("b", "`crackdown build --force`")
        c = timings["c"] = Timing("c", "`crackdown build`, nothing changed")
        d = timings["d"] = Timing("d", "`crackdown build`, one row of figures.csv changed")
        e = timings["e"] = Timing("e", "floor: the notebooks' code as plain Python, one process")
        # Interleaved, so that a burst of load elsewhere on the machine spreads over all.
        for run in range(runs):
            say(f"run {run + 1}/{runs}")
            a.runs.append(_time(lambda: plain_loop(project, jobs, scratch / "plain")))
            b.runs.append(timed(crackdown(project, "--force"), env=env))
            e.runs.append(
                timed(
                    [
                        sys.executable,
                        str(ROOT / "benchmarks" / "floor.py"),
                        str(project),
                        str(scratch / "jobs.json"),
                    ],
                    env=env,
                )
            )
        before = snapshot(project / "reports")
        for _ in range(max(runs, 7)):
            c.runs.append(timed(crackdown(project), env=env))
        after = snapshot(project / "reports")
        checks.append(
            "c wrote nothing: every file in reports/ kept its bytes and modification time"
            if before == after
            else "c CHANGED FILES in reports/: "
            + ", ".join(k for k in after if before.get(k) != after[k])
        )
        rebuilt: set[str] = set()
        for run in range(runs):
            figure = change_one_row(project / "data" / "figures.csv", run)
            started = time.perf_counter()
            done = subprocess.run(crackdown(project), env=env, capture_output=True, text=True)
            d.runs.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit(f"d failed:\n{done.stdout}\n{done.stderr}")
            rebuilt.update(built_reports(done.stdout + done.stderr))
        d.note = (
            f"the changed row ({figure}) is read by every report: each notebook loads all of "
            f"figures.csv and every page shows the data version; rebuilt: {', '.join(sorted(rebuilt))}"
        )
        incremental = outputs(project / "reports")
        timed(crackdown(project, "--force"), env=env)
        cold = outputs(project / "reports")
        differing = [n for n in cold if incremental.get(n) != cold[n]]
        checks.append(
            "after d, every page, PDF, index and manifest is byte-identical to a --force build"
            if not differing
            else f"after d, files DIFFER from a --force build: {', '.join(differing)}"
        )
        for n in scale:
            # The largest point, when it is 100,000 figures or more, runs once: say so.
            count = 1 if n == max(scale) and n >= 100_000 else runs
            timings.update(_scale_point(scratch, n, count, runs, env, say))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"timings": timings, "checks": checks}


def _time(action: Callable[[], None]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _scale_point(
    scratch: Path, n: int, count: int, runs: int, env: dict[str, str], say: Callable[[str], None]
) -> dict[str, Timing]:
    project = make_project(scratch / f"synthetic-{n}", n)
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    env = {**env, "CRACKDOWN_ROOT": str(project)}
    validate = Timing(f"validate-{n}", f"validation of {n:,} figures (once, then remembered)")
    validate.runs.append(
        timed([sys.executable, "-c", "from crackdown import dataset; dataset.load()"], env=env)
    )
    build = Timing(f"f-{n}", f"`crackdown build --force overview`, {n:,} figures")
    for run in range(count):
        say(f"scale {n:,}: run {run + 1}/{count}")
        started = time.perf_counter()
        # Its own process group, so that a run stopped at the time limit takes its workers and
        # kernels with it; a memory cap, so that a runaway render fails instead of swapping.
        process = subprocess.Popen(
            crackdown(project, "--force", "overview"),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            preexec_fn=limit_memory,
        )
        try:
            output, _ = process.communicate(timeout=SCALE_LIMIT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            build.note = f"stopped after {SCALE_LIMIT_S} s"
            break
        if process.returncode != 0:
            last = [line for line in output.splitlines() if line.strip()][-3:]
            build.note = f"failed (exit {process.returncode}): {' / '.join(last)[:300]}"
            break
        build.runs.append(time.perf_counter() - started)
        # "✓ overview  built  83.1 s (execute 6.8 · html 3.4 · pdf 72.9)": where the time went.
        for step, seconds in re.findall(r"(execute|html|pdf) ([0-9.]+)", output):
            build.steps.setdefault(step, []).append(float(seconds))
    if count < runs:
        build.note = (build.note + "; " if build.note else "") + f"{count} run only (slowest point)"
    shutil.rmtree(project, ignore_errors=True)
    return {validate.label: validate, build.label: build}


def ratios(t: dict[str, Timing], scale: list[int]) -> dict[str, float]:
    """b/a, c/b, c, d/b, b/e and the largest scale point over the smallest."""
    out = {
        "b/a": t["b"].median / t["a"].median,
        "c/b": t["c"].median / t["b"].median,
        "c": t["c"].median,
        "d/b": t["d"].median / t["b"].median,
        "b/e": t["b"].median / t["e"].median,
    }
    if len(scale) > 1:
        out["scale"] = t[f"f-{scale[-1]}"].median / t[f"f-{scale[0]}"].median
    return out


def report(measured: dict[str, object], scale: list[int], runs: int) -> str:
    """The results as Markdown: table, ratios against targets, scale curve, checks, versions."""
    t: dict[str, Timing] = measured["timings"]  # type: ignore[assignment]
    checks: list[str] = measured["checks"]  # type: ignore[assignment]
    lines = [
        "# Build benchmark",
        "",
        f"{dt.date.today().isoformat()}, {os.cpu_count()} cores ({platform.machine()}, "
        f"{platform.system()} {platform.release()}), Python {platform.python_version()}; "
        f"median of {runs} runs (wall time), spread min-max. Written by `nox -s bench` "
        "(benchmarks/build.py).",
        "",
        "| | what | median | spread |",
        "|---|---|---:|---|",
    ]
    for key in ("a", "b", "b0", "c", "d", "e"):
        lines.append(f"| {key} | {t[key].what} | {t[key].median:.2f} s | {t[key].spread()} |")
    lines += ["", "| ratio | measured | target | met |", "|---|---:|---:|---|"]
    measured_ratios = ratios(t, scale)
    for key, value in measured_ratios.items():
        target = TARGETS[key]
        unit = " s" if key == "c" else ""
        shown_target = f"< {target:g}{unit}" if key == "c" else f"<= {target:g}"
        lines.append(
            f"| {key if key != 'scale' else f'f {scale[-1]:,} / f {scale[0]:,}'} | "
            f"{value:.3f}{unit} | {shown_target} | {'yes' if value <= target else 'NO'} |"
        )
    if t["d"].note:
        lines += ["", f"d: {t['d'].note}."]
    if scale:
        lines += [
            "",
            "Scale: the overview report on synthetic projects. Validation (Frictionless and the "
            "provenance checks) runs once per project and is remembered, so it is timed apart "
            "and not part of the builds.",
            "",
            "| figures | validation (once) | overview build, median | spread | vs smallest "
            "| of which execute / html / pdf | note |",
            "|---:|---:|---:|---|---:|---|---|",
        ]
        first = t[f"f-{scale[0]}"].median
        for n in scale:
            build = t[f"f-{n}"]
            steps = " / ".join(
                f"{statistics.median(build.steps[k]):.1f} s" if build.steps.get(k) else "-"
                for k in ("execute", "html", "pdf")
            )
            lines.append(
                f"| {n:,} | {t[f'validate-{n}'].median:.1f} s | {build.median:.2f} s | "
                f"{build.spread()} | {build.median / first:.1f}x | {steps} | {build.note} |"
            )
    lines += ["", "Checked along the way:", ""] + [f"- {c}" for c in checks]
    versions = ", ".join(f"{name} {_version(name)}" for name in LIBRARIES)
    lines += ["", f"Versions: {versions}.", ""]
    return "\n".join(lines)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def main(argv: list[str] | None = None) -> int:
    """Measure, print and write the results; the exit code is 0 however the targets fare."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measure (default 5)")
    parser.add_argument(
        "--scale",
        default="100,1000,10000,100000",
        help="figure counts of the scale curve, comma-separated ('' for none)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = parser.parse_args(argv)
    scale = [int(n) for n in args.scale.split(",") if n.strip()]
    measured = measure(args.runs, scale, lambda text: print(text, file=sys.stderr, flush=True))
    text = report(measured, scale, args.runs)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    print(f"written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
