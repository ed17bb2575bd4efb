"""Parallel builds: a pool of worker processes, the kernels' sockets, and what goes wrong.

Those marked slow run kernels. One sequential and one parallel build of a copy of the project
are shared by the tests that compare them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest

from conftest import copy_project, run_build
from crackdown.paths import Paths
from crackdown.publish import cache, execute


def published(reports: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(reports.iterdir())
        if p.is_file() and p.suffix in (".html", ".pdf", ".json")
    }


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The project built one report at a time, then again with a worker per report."""
    paths = copy_project(tmp_path_factory.mktemp("pool") / "project")
    sequential = run_build(paths, "--jobs", "1")
    one_at_a_time = published(paths.reports)
    parallel = run_build(paths, "--force", "--jobs", "3")
    return {
        "paths": paths,
        "sequential": sequential,
        "parallel": parallel,
        "one_at_a_time": one_at_a_time,
        "at_once": published(paths.reports),
    }


@pytest.mark.slow
def test_a_parallel_build_publishes_the_bytes_of_a_sequential_one(
    both_ways: dict[str, Any],
) -> None:
    for code, out, err in (both_ways["sequential"], both_ways["parallel"]):
        assert code == 0, out + err
    assert both_ways["at_once"] == both_ways["one_at_a_time"]
    assert {"overview.pdf", "nationality-jp.html", "index.html"} <= set(both_ways["at_once"])


@pytest.mark.slow
def test_a_parallel_build_shows_one_line_per_report_and_the_summary(
    both_ways: dict[str, Any],
) -> None:
    _, out, err = both_ways["parallel"]
    assert "Building 3 reports: overview, nationality-jp, sources" in err
    for name in ("overview", "nationality-jp", "sources"):
        assert sum(f"✓ {name}  built" in line for line in err.splitlines()) == 1
    assert "crackdown build: 3 built" in out
    assert cache.up_to_date(both_ways["paths"]) == ["overview", "nationality-jp", "sources"]


@pytest.mark.slow
def test_a_kernel_talks_over_ipc_in_a_private_folder_with_a_fixed_hash_seed(
    tmp_path: Path,
) -> None:
    paths = copy_project(tmp_path / "project")
    manager = execute.kernel_manager_class(paths.root)()
    folder = manager.folder
    assert folder.parent == Path(tempfile.gettempdir())
    assert folder.stat().st_mode & 0o777 == 0o700
    from jupyter_core.utils import run_sync

    run_sync(manager.start_kernel)(cwd=str(paths.notebooks))
    try:
        connection = json.loads(Path(manager.connection_file).read_text(encoding="utf-8"))
        assert connection["transport"] == "ipc"  # no TCP port to race for
        client = manager.blocking_client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        shown: list[str] = []
        probe = "import os; print(os.getppid(), hash('crackdown'), os.environ['CRACKDOWN_ROOT'])"
        client.execute_interactive(
            probe,
            timeout=60,
            output_hook=lambda m: shown.append(m["content"].get("text", "")),
        )
        client.stop_channels()
        ppid, seed, root = "".join(shown).split()
        seeded = subprocess.run(
            [sys.executable, "-c", "print(hash('crackdown'))"],
            env={**os.environ, "PYTHONHASHSEED": "0"},
            capture_output=True,
            text=True,
            check=True,
        )
        assert (int(ppid), seed, root) == (os.getpid(), seeded.stdout.strip(), str(paths.root))
    finally:
        run_sync(manager.shutdown_kernel)(now=True)
    assert not folder.exists()


def descendants(pid: int) -> dict[int, tuple[int, str]]:
    """Every process below `pid`: its parent and command line."""
    table: dict[int, tuple[int, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        table[int(entry.name)] = (int(stat[stat.rindex(")") + 2 :].split()[1]), command)
    below, todo = {}, [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, command) in table.items():
            if ppid == parent and child not in below:
                below[child] = (ppid, command)
                todo.append(child)
    return below


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the workers through /proc")
def test_a_worker_killed_mid_report_fails_its_report_and_the_build_still_ends(
    tmp_path: Path,
) -> None:
    paths = copy_project(tmp_path / "project")
    for name in ("overview.ipynb", "sources.ipynb"):
        nb = nbformat.read(paths.notebooks / name, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(120)"))
        nbformat.write(nb, paths.notebooks / name)
    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crackdown.cli",
            "--root",
            str(paths.root),
            "build",
            "--jobs",
            "2",
            "overview",
            "sources",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        staging = paths.reports_staging
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (
            (staging / "overview" / "overview.ipynb").is_file()
            and (staging / "sources" / "sources.ipynb").is_file()
        ):
            time.sleep(0.2)
        time.sleep(1)
        below = descendants(build.pid)
        workers = [pid for pid, (ppid, _) in below.items() if ppid == build.pid]
        assert workers, below
        os.kill(workers[0], signal.SIGKILL)
        output, _ = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
    assert build.returncode == 1, output
    assert "the worker process building it ended" in output
    assert not list(paths.reports.glob("overview.*")) and not list(paths.reports.glob("*.tmp"))
    assert not paths.reports_staging.exists()
    assert cache.up_to_date(Paths.at(paths.root)) is None
    assert descendants(build.pid) == {}


def test_folders_left_by_ended_processes_are_swept_and_live_ones_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(execute.tempfile, "tempdir", str(tmp_path))
    prefix = execute.KERNEL_PREFIX
    holder = subprocess.Popen(  # another process using its folder (of any process number)
        [
            sys.executable,
            "-c",
            "import sys, time; from crackdown.publish import execute; "
            f"print(execute.private_folder({prefix!r}), flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert holder.stdout is not None
    live = Path(holder.stdout.readline().strip())
    ended = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from crackdown.publish import execute; print(execute.private_folder({prefix!r}))",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    left = Path(ended.stdout.strip())
    try:
        assert left.is_dir() and live.is_dir()
        made = execute.private_folder(prefix)
        assert not left.exists()  # its process ended: nobody holds its lock
        assert live.is_dir()  # held: kept, whatever its process number means here
        assert made.parent == tmp_path and made.name.startswith(f"{prefix}{os.getpid()}-")
        assert made.stat().st_mode & 0o777 == 0o700
        execute.remove_folder(made)
        assert not made.exists()
    finally:
        holder.kill()
        holder.wait()


def test_weasyprint_is_loaded_with_its_temporary_files_in_a_folder_the_next_build_sweeps(
    tmp_path: Path,
) -> None:
    # Looking WeasyPrint's libraries up runs the C compiler, which writes temporary files: a
    # process killed then leaves them in its private folder, and the next build's sweep
    # (which every build runs once it holds the lock) removes the folder.
    script = (
        "import os, sys, ctypes.util; from crackdown.publish import render\n"
        "def stop(name):\n"
        "    open(os.path.join(os.environ['TMPDIR'], 'cc-left-behind.o'), 'w').close()\n"
        "    print(os.environ['TMPDIR'], flush=True); os._exit(9)\n"
        "ctypes.util.find_library = stop\n"
        "render.load_weasyprint()\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert killed.returncode == 9, killed.stderr
    folder = Path(killed.stdout.strip())
    assert folder.parent == tmp_path and folder.name.startswith(execute.PREFIX)
    assert (folder / "cc-left-behind.o").exists()
    loaded = subprocess.run(
        [sys.executable, "-c", "from crackdown.publish import render; render.load_weasyprint()"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert list(tmp_path.iterdir()) == []  # the dead one swept, its own removed after
