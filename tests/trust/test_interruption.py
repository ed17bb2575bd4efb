"""Trust, interruption family: a build stopped at any moment, however it is stopped.

One copy of the project (the frozen seed fixture) is built (the old version), its data changed,
and built again from the old state (the new version), logging every named step of writing
(tests/trust/hooks/sitecustomize.py, a test-only hook the package knows nothing of). Then,
from the old state each time, a build is stopped at named steps spread over that list and after
times spread over the new build's duration, in three ways: SIGKILL to its process group (a
power cut), SIGKILL to its own process id only (`kill -9 PID`: its workers and kernels must go
by themselves), and SIGINT to its process group (Ctrl-C in a terminal: a clean stop, exit 130).

After each stop: nothing the build started is still running; the lock is free; every file a
reader can see is byte for byte its old or its new version, anything else hidden in the
staging folder; and the next build completes, leaves exactly the new version with nothing left
over, and nothing is left in the temp folder the builds were given.
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
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import copy_project
from crackdown.errors import BuildLocked
from crackdown.paths import PACKAGE_DIR, Paths
from crackdown.publish import lock

from .conftest import build_env, edit, left_running, start_build

pytestmark = pytest.mark.slow

REPORT = "sources"
STEPS = 12
#: How each step kill stops the build (see tests/trust/hooks/sitecustomize.py).
HOW = ("group", "pid", "int")
TIMED = {"group": 4, "pid": 3, "int": 3}
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


@dataclass(frozen=True)
class Stop:
    """One way of stopping a build: its label, its environment, when to stop it and how."""

    label: str
    env: dict[str, str]
    after: float | None = None
    how: str = "group"


def build(paths: Paths, stop: Stop | None = None) -> tuple[int, str, str]:
    """`crackdown build REPORT` as its own process group, stopped as `stop` says; the exit
    code, the output and the token its processes carry."""
    token = uuid.uuid4().hex
    temp = paths.root.parent / f"{paths.root.name}-tmp"
    temp.mkdir(exist_ok=True)
    env = build_env(token, TMPDIR=str(temp), **(stop.env if stop else {}))
    log = paths.root.parent / f"{paths.root.name}-output.txt"
    with log.open("w", encoding="utf-8") as output:
        process = start_build(paths, REPORT, env=env, output=output)
        try:
            if stop is not None and stop.after is not None:
                try:
                    process.wait(timeout=stop.after)
                except subprocess.TimeoutExpired:
                    if stop.how == "pid":
                        os.kill(process.pid, signal.SIGKILL)
                    else:
                        sig = signal.SIGINT if stop.how == "int" else signal.SIGKILL
                        os.killpg(process.pid, sig)
            code = process.wait(timeout=BUILD_TIMEOUT_S)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    return code, log.read_text(encoding="utf-8"), token


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
    paths = copy_project(base / "project")
    code, output, _ = build(paths)
    assert code == 0, output
    old = published(paths.reports)
    old_state = base / "old-state"
    for name in ("reports", ".crackdown-cache"):
        shutil.copytree(paths.root / name, old_state / name, symlinks=True)

    change_data(paths)
    steps_log = base / "steps.log"
    started = time.perf_counter()
    code, output, _ = build(paths, Stop("log", {"CRACKDOWN_STEP_LOG": str(steps_log)}))
    seconds = time.perf_counter() - started
    assert code == 0, output
    new = published(paths.reports)
    assert set(old) <= set(new)
    changed = [name for name in new if old.get(name) != new[name]]
    assert {f"{REPORT}.html", f"{REPORT}.pdf", "index.html", "data/figures.csv"} <= set(changed)
    steps = [line.split(" ", 1)[1] for line in steps_log.read_text(encoding="utf-8").splitlines()]
    assert len(steps) >= STEPS
    lanes = [paths]
    for n in range(1, LANES):
        lanes.append(Paths.at(base / f"project-{n}"))
        shutil.copytree(paths.root, lanes[-1].root, symlinks=True)
    return Versions(tuple(lanes), old_state, old, new, steps, seconds, source)


def check_old_or_new(versions: Versions, paths: Paths) -> None:
    """Every file a reader sees is its old or its new version; the rest is staging."""
    for name, data in published(paths.reports).items():
        old, new = versions.old.get(name), versions.new.get(name)
        if name == "manifest.json" and data not in (old, new):
            check_manifest(data, old, new)
            continue
        assert data in (old, new), f"reports/{name} is neither its old nor its new version"
    for name in hidden(paths.reports):
        assert name.split("/")[0] == ".staging", f"left reports/{name} outside the staging folder"


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


def check_stopped(paths: Paths, token: str) -> None:
    """Nothing the build started runs any more, and the lock is free."""
    assert left_running(token) == {}, "left running after the build was stopped"
    with lock.held(paths, wait=False):
        pass


def check_repaired(versions: Versions, paths: Paths) -> None:
    """The next build completes and leaves exactly the new version, nothing else, and nothing
    in the temp folder."""
    code, output, token = build(paths)
    assert code == 0, f"the next build failed:\n{output}"
    assert left_running(token) == {}, "the next build left processes running"
    now = published(paths.reports)
    assert sorted(now) == sorted(versions.new), "other files than the new version's"
    for name, data in now.items():
        assert data == versions.new[name], f"reports/{name} is not the new version"
    assert hidden(paths.reports) == [], "left over after the next build"
    temp = paths.root.parent / f"{paths.root.name}-tmp"
    assert sorted(p.name for p in temp.iterdir()) == [], "left in the temp folder"


def stop_and_repair(versions: Versions, paths: Paths, stop: Stop) -> str:
    """Stop a build from the old state, check what it left and the next build; "" when fine."""
    restore(paths, versions.old_state)
    code, output, token = build(paths, stop)
    try:
        check_stopped(paths, token)
        assert "Traceback" not in output, output
        # A timed stop can land after a build that ran faster than the measured one: it then
        # finished, and what it left must still be the new version. Named steps always stop.
        if not (stop.after is not None and code == 0):
            expected = 130 if stop.how == "int" else -signal.SIGKILL
            assert code == expected, f"the build was not stopped (exit {code}):\n{output}"
        if stop.how == "int" and code == 130:
            assert output.rstrip().endswith(
                "interrupted: every published file is its previous or its new version, and the "
                "next build finishes the job"
            ), output
        check_old_or_new(versions, paths)
        check_repaired(versions, paths)
    except AssertionError as err:
        return f"{stop.label}: {err}"
    return ""


def run_stops(versions: Versions, stops: list[Stop]) -> list[str]:
    """Every stop, in the copies of the project side by side; the failures."""
    free: queue.Queue[Paths] = queue.Queue()
    for lane in versions.lanes:
        free.put(lane)

    def one(stop: Stop) -> str:
        lane = free.get()
        try:
            return stop_and_repair(versions, lane, stop)
        finally:
            free.put(lane)

    with ThreadPoolExecutor(len(versions.lanes)) as pool:
        failures = [failure for failure in pool.map(one, stops) if failure]
    if failures and source_fingerprint() != versions.source:
        pytest.skip(
            "the package's source changed while this test ran (an edit in this checkout), and "
            "with it every report's new version (the build's keys cover the source); run it again"
        )
    return failures


def spread(n: int, among: int) -> list[int]:
    """`n` indices spread evenly over range(among), first and last included."""
    return sorted({round(i * (among - 1) / (n - 1)) for i in range(n)})


@pytest.mark.parametrize("how", HOW)
def test_a_build_stopped_at_any_step_leaves_old_or_new_files_nothing_running_and_is_repaired(
    versions: Versions, how: str
) -> None:
    chosen = [versions.steps[i] for i in spread(STEPS, len(versions.steps))]
    assert len(chosen) == STEPS
    stops = [
        Stop(f"{how} at {s}", {"CRACKDOWN_KILL_AT": s, "CRACKDOWN_KILL_HOW": how}, how=how)
        for s in chosen
    ]
    failures = run_stops(versions, stops)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("how", HOW)
def test_a_build_stopped_at_any_time_leaves_old_or_new_files_nothing_running_and_is_repaired(
    versions: Versions, how: str
) -> None:
    # Spread over the build up to its writes: mostly copying, checking, kernel and rendering.
    n = TIMED[how]
    times = [versions.seconds * 0.85 * (i + 0.5) / n for i in range(n)]
    stops = [Stop(f"{how} after {t:.2f} s", {}, t, how) for t in times]
    failures = run_stops(versions, stops)
    assert not failures, "\n".join(failures)


def test_a_ctrl_c_landing_in_code_run_by_exec_still_ends_the_build_with_130(
    versions: Versions,
) -> None:
    # CPython remembers a KeyboardInterrupt that escaped exec() of a string even once it was
    # handled, and `python -m` then ends by SIGINT: the build's code 130 would be lost.
    stop = Stop(
        "int-in-exec",
        {"CRACKDOWN_KILL_AT": versions.steps[0], "CRACKDOWN_KILL_HOW": "int-in-exec"},
        how="int",
    )
    failure = stop_and_repair(versions, versions.lanes[0], stop)
    assert not failure, failure


def test_the_suite_stops_builds_at_thirty_points_at_least() -> None:
    assert STEPS * len(HOW) + sum(TIMED.values()) + len(PARALLEL_STOPS) >= 30


#: A parallel build of every report, stopped while its kernels run: (how, after a kernel ran).
PARALLEL_STOPS = ("pid", "group", "int")


@pytest.mark.parametrize("how", PARALLEL_STOPS)
def test_a_parallel_build_stopped_while_its_kernels_run_leaves_nothing_running(
    tmp_path: Path, how: str
) -> None:
    paths = copy_project(tmp_path / "project")
    token = uuid.uuid4().hex
    build = start_build(paths, "--jobs", "2", env=build_env(token, TMPDIR=str(tmp_path)))
    try:
        deadline = time.monotonic() + 180
        while not any("crackdown.publish.kernel" in c for c in left_running(token, 0).values()):
            assert build.poll() is None and time.monotonic() < deadline, build.communicate()
            time.sleep(0.05)
        started = left_running(token, 0)
        assert len(started) >= 3, started  # the build, its workers, a kernel at least
        if how == "pid":
            os.kill(build.pid, signal.SIGKILL)
        else:
            os.killpg(build.pid, signal.SIGINT if how == "int" else signal.SIGKILL)
        out, err = build.communicate(timeout=120)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
    assert build.returncode == (130 if how == "int" else -signal.SIGKILL), out + err
    assert "Traceback" not in err and "AssertionError" not in err, err
    check_stopped(paths, token)
    if how == "int":
        assert not paths.reports_staging.exists()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith("crackdown-")] == []


@pytest.mark.parametrize("command", [("check",), ("build", "--list")])
def test_a_ctrl_c_as_the_program_exits_keeps_its_exit_code_and_prints_nothing(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    # Python restores the default SIGINT handler as it shuts down: a Ctrl-C pressed just as a
    # build ends would otherwise kill the process by signal, its exit code lost.
    paths = copy_project(tmp_path / "project")
    env = build_env(uuid.uuid4().hex, CRACKDOWN_SIGINT_AT_EXIT="1")
    done = subprocess.run(
        [sys.executable, "-m", "crackdown.cli", "--root", str(paths.root), *command],
        cwd=paths.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "KeyboardInterrupt" not in done.stderr and "Exception ignored" not in done.stderr, (
        done.stderr
    )


# --- two builds at once ---------------------------------------------------------------------


def wait_for_lock_holder(paths: Paths, pid: int, timeout: float = 60) -> None:
    """Wait until process `pid` holds the build lock of `paths`."""
    deadline = time.monotonic() + timeout
    file = lock.lock_file(paths)
    while time.monotonic() < deadline:
        if file.is_file() and file.read_text(encoding="utf-8").strip() == str(pid):
            return
        time.sleep(0.02)
    raise AssertionError(f"process {pid} never took the build lock")


@pytest.mark.slow
def test_a_second_build_waits_for_the_first_and_their_writes_never_interleave(
    built_copy: Paths, tmp_path: Path
) -> None:
    # Changed data: both reports need building, whether or not the build knows current ones.
    edit(built_copy.figures_csv, "Deported to Japan on a charter flight", "Flown home by charter")
    steps = tmp_path / "steps.log"
    env = build_env(uuid.uuid4().hex, CRACKDOWN_STEP_LOG=str(steps))
    first = start_build(built_copy, "sources", env=env)
    try:
        wait_for_lock_holder(built_copy, first.pid)
        second = start_build(built_copy, "nationality-jp", env=env)
        second_out, second_err = second.communicate(timeout=300)
        first_out, first_err = first.communicate(timeout=300)
    finally:
        first.kill()
    assert first.returncode == 0, first_out + first_err
    assert second.returncode == 0, second_out + second_err
    assert (
        f"another crackdown build (process {first.pid}) is writing reports/ "
        "(lock: .crackdown-cache/build.lock); waiting for it to finish…"
    ) in second_err
    assert "waiting" not in first_err
    lines = steps.read_text(encoding="utf-8").splitlines()
    groups = [line.split()[0] for line in lines]
    assert set(groups) == {str(first.pid), str(second.pid)}  # each build is its own group
    switch = groups.index(str(second.pid))
    assert set(groups[:switch]) == {str(first.pid)}  # every write of the first, then
    assert set(groups[switch:]) == {str(second.pid)}  # every write of the second
    names = [line.split(" ", 1)[1] for line in lines]
    assert "replaced reports/index.html#1" in names[:switch]  # the first finished its index
    assert "replaced reports/nationality-jp.html#1" in names[switch:]


HOLD_THE_LOCK = """
import os, sys, time
from crackdown.publish import lock
from crackdown.paths import Paths
ready_r, ready_w = os.pipe()
with lock.held(Paths.at(sys.argv[1])):
    child = os.fork()
    if child == 0:
        os.write(ready_w, b"x")  # past fork: the child's copy of the lock is closed by now
        time.sleep(120)
        os._exit(0)
    os.read(ready_r, 1)  # a child not yet run on a busy machine would still hold the lock
    print(child, flush=True)
    time.sleep(120)
"""


def test_the_lock_dies_with_the_build_that_held_it_even_when_killed(tmp_path: Path) -> None:
    paths = Paths.at(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    child = int(holder.stdout.readline())  # forked while the lock was held
    try:
        with pytest.raises(BuildLocked) as refused, lock.held(paths, wait=False):
            pass
        assert str(refused.value) == (
            f"another crackdown build (process {holder.pid}) is writing reports/ "
            "(lock: .crackdown-cache/build.lock); try again when it has finished"
        )
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        os.kill(child, 0)  # the forked child still runs, and does not keep the lock
        with lock.held(paths, wait=False):
            assert lock.lock_file(paths).read_text(encoding="utf-8") == f"{os.getpid()}\n"
    finally:
        holder.kill()
        os.kill(child, signal.SIGKILL)
