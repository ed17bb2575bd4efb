"""A build killed with SIGKILL at any moment leaves every file its old or its new version.

One copy of the project is built (the old version), its data changed, and built again from the
old state (the new version), logging every named step of writing (crackdown.publish.atomic.step).
Then, from the old state each time, a build is killed: at named steps spread over that list,
where the build SIGKILLs its own process group, and after times spread over the new build's
duration. After each kill every file a reader can see must be byte for byte its old or its new
version, anything else must be hidden (a dot name), and the next build must complete and leave
exactly the new version with nothing left over: an up-to-date check that wrongly called a
report current would leave it old and fail here.

The build is of one report (the cheapest, `sources`, with its HTML and PDF) plus the site
around it (manifest, data files, index), and the kills run in two copies of the project at
once, to keep 44 builds within a few minutes.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from crackdown.publish import atomic
from crackdown.paths import PACKAGE_DIR, Paths

pytestmark = pytest.mark.slow

ROOT = Paths.at().root
REPORT = "sources"
STEP_KILLS = 16
TIMED_KILLS = 6
#: The report's data changes between the old and the new version (the data version shows on
#: every page, so every page changes).
CHANGED_FIGURE = "asiae-tried-75"
BUILD_TIMEOUT_S = 300
#: Copies of the project the kills run in side by side: one per core of the machine CI uses.
LANES = 2


@dataclass(frozen=True)
class Versions:
    """Copies of the project, the old state to return to, and the old and new published files."""

    lanes: tuple[Paths, ...]
    old_state: Path
    old: dict[str, bytes]
    new: dict[str, bytes]
    steps: list[str]
    seconds: float
    source: str


def source_fingerprint() -> str:
    """A hash of the package's source and templates, which every report's new version depends on."""
    digest = hashlib.sha256()
    for file in sorted(PACKAGE_DIR.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(file.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def published(reports: Path) -> dict[str, bytes]:
    """Every file a reader of reports/ sees (no dot name on the way), with its bytes."""
    return {
        p.relative_to(reports).as_posix(): p.read_bytes()
        for p in sorted(reports.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(reports).parts)
    }


def hidden(reports: Path) -> list[str]:
    """Whatever below reports/ has a dot name on the way (staging, temporaries)."""
    return [
        p.relative_to(reports).as_posix()
        for p in sorted(reports.rglob("*"))
        if any(part.startswith(".") for part in p.relative_to(reports).parts)
    ]


def build(paths: Paths, env: dict[str, str], kill_after: float | None = None) -> tuple[int, str]:
    """`crackdown build REPORT` as its own process group; SIGKILL it after `kill_after` s."""
    log = paths.root / "build-output.txt"
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "crackdown.cli", "--root", str(paths.root), "build", REPORT],
            cwd=paths.root,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            if kill_after is not None:
                try:
                    process.wait(timeout=kill_after)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
            code = process.wait(timeout=BUILD_TIMEOUT_S)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    return code, log.read_text(encoding="utf-8")


def restore(paths: Paths, state: Path) -> None:
    """Put reports/ and the cache back as they were in `state`."""
    for name in ("reports", ".crackdown-cache"):
        shutil.rmtree(paths.root / name, ignore_errors=True)
        if (state / name).exists():
            shutil.copytree(state / name, paths.root / name, symlinks=True)


def change_data(paths: Paths) -> None:
    """Reword one figure's notes: valid data, a new data version."""
    lines = paths.figures_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [
        line.rstrip("\n") + " Reworded.\n" if line.startswith(f"{CHANGED_FIGURE},") else line
        for line in lines
    ]
    assert changed != lines
    paths.figures_csv.write_text("".join(changed), encoding="utf-8")


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    """The old and new versions of a build, and every step of writing the new one."""
    source = source_fingerprint()
    base = tmp_path_factory.mktemp("interrupted")
    paths = Paths.at(base / "project")
    for folder in ("seeds", "data", "notebooks"):
        shutil.copytree(
            ROOT / folder, paths.root / folder, ignore=shutil.ignore_patterns("candidates")
        )
    code, output = build(paths, {})
    assert code == 0, output
    old = published(paths.reports)
    old_state = base / "old-state"
    for name in ("reports", ".crackdown-cache"):
        shutil.copytree(paths.root / name, old_state / name, symlinks=True)

    change_data(paths)
    steps_log = base / "steps.log"
    started = time.perf_counter()
    code, output = build(paths, {atomic.STEP_LOG_ENV: str(steps_log)})
    seconds = time.perf_counter() - started
    assert code == 0, output
    new = published(paths.reports)
    assert set(old) <= set(new)
    changed = [name for name in new if old.get(name) != new[name]]
    assert {f"{REPORT}.html", f"{REPORT}.pdf", "index.html", "data/figures.csv"} <= set(changed)
    steps = [line.split(" ", 1)[1] for line in steps_log.read_text(encoding="utf-8").splitlines()]
    assert len(steps) >= STEP_KILLS
    lanes = [paths]
    for n in range(1, LANES):
        lanes.append(Paths.at(base / f"project-{n}"))
        shutil.copytree(paths.root, lanes[-1].root, symlinks=True)
    return Versions(tuple(lanes), old_state, old, new, steps, seconds, source)


def check_old_or_new(versions: Versions, paths: Paths) -> None:
    """Every file a reader sees is its old or its new version; the rest is hidden."""
    for name, data in published(paths.reports).items():
        old, new = versions.old.get(name), versions.new.get(name)
        if name == "manifest.json" and data not in (old, new):
            check_manifest(data, old, new)
            continue
        assert data in (old, new), f"reports/{name} is neither its old nor its new version"
    for name in hidden(paths.reports):
        parts = name.split("/")
        assert parts[0] == ".staging" or parts[-1].endswith(".tmp"), f"left reports/{name}"


def check_manifest(data: bytes, old: bytes | None, new: bytes | None) -> None:
    """The manifest between versions: every entry, and the data version, is old or new.

    It is rewritten as each report is committed, so that it always says what is published.
    """
    try:
        seen = json.loads(data)
    except ValueError as err:
        raise AssertionError(f"reports/manifest.json is not a whole JSON document: {err}") from err
    before, after = (json.loads(d or b"{}") for d in (old, new))
    for key in set(seen) | set(after):
        if key != "reports":
            assert seen.get(key) in (before.get(key), after.get(key)), f"manifest {key}"
    for report in set(seen["reports"]) | set(after["reports"]):
        entry = seen["reports"].get(report)
        was, now = before["reports"].get(report), after["reports"].get(report)
        assert entry in (was, now), f"manifest entry {report} is neither old nor new"


def check_repaired(versions: Versions, paths: Paths) -> None:
    """The next build completes and leaves exactly the new version, nothing else."""
    code, output = build(paths, {})
    assert code == 0, f"the next build failed:\n{output}"
    now = published(paths.reports)
    assert sorted(now) == sorted(versions.new), "other files than the new version's"
    for name, data in now.items():
        assert data == versions.new[name], f"reports/{name} is not the new version"
    assert hidden(paths.reports) == [], "left over after the next build"


#: One kill: what it is called, the environment of the build, and the seconds to kill it after.
Kill = tuple[str, dict[str, str], float | None]


def kill_and_repair(versions: Versions, paths: Paths, kill: Kill) -> str:
    """Kill a build from the old state, check what it left and the next build; "" when fine."""
    label, env, after = kill
    restore(paths, versions.old_state)
    code, output = build(paths, env, kill_after=after)
    try:
        # A timed kill can land after a build that ran faster than the measured one: it then
        # finished, and what it left must still be the new version. Named steps always kill.
        if not (after is not None and code == 0):
            assert code == -signal.SIGKILL, f"the build was not killed:\n{output}"
        check_old_or_new(versions, paths)
        check_repaired(versions, paths)
    except AssertionError as err:
        return f"{label}: {err}"
    return ""


def run_kills(versions: Versions, kills: list[Kill]) -> list[str]:
    """Every kill, in the copies of the project side by side; the failures."""
    free: queue.Queue[Paths] = queue.Queue()
    for lane in versions.lanes:
        free.put(lane)

    def one(kill: Kill) -> str:
        lane = free.get()
        try:
            return kill_and_repair(versions, lane, kill)
        finally:
            free.put(lane)

    with ThreadPoolExecutor(len(versions.lanes)) as pool:
        failures = [failure for failure in pool.map(one, kills) if failure]
    if failures and source_fingerprint() != versions.source:
        pytest.skip(
            "the package's source changed while this test ran (an edit in this checkout), and "
            "with it every report's new version (the build's keys cover the source); run it again"
        )
    return failures


def spread(n: int, among: int) -> list[int]:
    """`n` indices spread evenly over range(among), first and last included."""
    return sorted({round(i * (among - 1) / (n - 1)) for i in range(n)})


def test_a_build_killed_at_any_step_leaves_old_or_new_files_and_the_next_build_repairs(
    versions: Versions,
) -> None:
    chosen = [versions.steps[i] for i in spread(STEP_KILLS, len(versions.steps))]
    assert len(chosen) == STEP_KILLS
    kills: list[Kill] = [(f"killed at {s}", {atomic.KILL_AT_ENV: s}, None) for s in chosen]
    failures = run_kills(versions, kills)
    assert not failures, "\n".join(failures)


def test_a_build_killed_at_any_time_leaves_old_or_new_files_and_the_next_build_repairs(
    versions: Versions,
) -> None:
    # Spread over the build up to its writes: mostly kernel and rendering.
    times = [versions.seconds * 0.85 * (i + 0.5) / TIMED_KILLS for i in range(TIMED_KILLS)]
    kills: list[Kill] = [(f"killed after {t:.2f} s", {}, t) for t in times]
    failures = run_kills(versions, kills)
    assert not failures, "\n".join(failures)
