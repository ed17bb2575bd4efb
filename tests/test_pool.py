"""Parallel builds: worker processes, kernels forked from a kernel host, and what goes wrong.

Those marked slow run kernels. One sequential and one parallel build of a copy of the project
are shared by the tests that compare them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest

from conftest import copy_project, run_build
from crackdown.publish import cache, kernels
from crackdown.publish.kernels import Host, Kernel
from crackdown.paths import Paths


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


def run_in(kernel: Kernel, code: str) -> Any:
    """Run `code` in `kernel`; the value of its last line, read back as JSON."""
    client = kernel.km.blocking_client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        shown: list[Any] = []

        def keep(message: dict[str, Any]) -> None:
            if message["msg_type"] == "execute_result":
                shown.append(json.loads(message["content"]["data"]["text/plain"].strip("'")))

        reply = client.execute_interactive(code, timeout=60, output_hook=keep)
        assert reply["content"]["status"] == "ok", reply["content"]
        return shown[-1] if shown else None
    finally:
        client.stop_channels()


@pytest.mark.slow
def test_kernels_forked_from_the_host_are_fresh_processes_that_talk_over_ipc(
    tmp_path: Path,
) -> None:
    paths = copy_project(tmp_path / "project")
    host = Host(paths.root, paths.notebooks)
    kernels = [Kernel(paths.root, paths.notebooks, host.socket) for _ in range(2)]
    try:
        probe = (
            "import json, os, sys\n"
            "json.dumps([os.getpid(), os.getppid(), os.getcwd(), hash('crackdown'), "
            "'mine' in globals(), 'pandas' in sys.modules, os.environ['CRACKDOWN_ROOT']])"
        )
        first = run_in(kernels[0], "mine = 1\n" + probe)
        second = run_in(kernels[1], probe)
        assert all(k.hosted for k in kernels)
        assert first[0] != second[0]  # two processes
        assert first[1] == second[1] == host.process.pid  # both forked by the host
        assert first[2] == second[2] == str(paths.notebooks)
        assert first[4] and not second[4]  # nothing of one kernel is in the other
        assert second[5]  # the notebooks' imports were done once, in the host
        assert second[6] == str(paths.root)
        seeded = subprocess.run(
            [sys.executable, "-c", "print(hash('crackdown'))"],
            env={**os.environ, "PYTHONHASHSEED": "0"},
            capture_output=True,
            text=True,
            check=True,
        )
        assert first[3] == second[3] == int(seeded.stdout)  # the kernels' fixed hash seed
        for kernel in kernels:
            connection = json.loads(Path(kernel.km.connection_file).read_text(encoding="utf-8"))
            assert connection["transport"] == "ipc"  # no TCP port to race for
    finally:
        for kernel in kernels:
            kernel.close()
        host.stop()
    assert host.process.returncode is not None


@pytest.mark.slow
def test_a_kernel_that_died_before_its_report_is_replaced(tmp_path: Path) -> None:
    paths = copy_project(tmp_path / "project")
    kernel = Kernel(paths.root, paths.notebooks)
    try:
        os.kill(kernel.km.provisioner.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while kernel.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not kernel.alive()
        kernel.ensure_alive()
        assert kernel.alive()
        assert kernel.starts == 2
        assert run_in(kernel, "1 + 1") == 2
    finally:
        kernel.close()


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
        servers = {pid for pid, (_, command) in below.items() if "forkserver" in command}
        workers = [pid for pid, (ppid, _) in below.items() if ppid in servers]
        assert workers, below
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        output, _ = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
    assert build.returncode == 1, output
    assert "the worker process building it ended" in output
    assert not list(paths.reports.glob("overview.*")) and not list(paths.reports.glob("*.tmp"))
    assert cache.up_to_date(Paths.at(paths.root)) is None


def test_folders_left_by_ended_processes_are_swept_and_live_ones_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kernels.tempfile, "tempdir", str(tmp_path))
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    left = tmp_path / f"{kernels.HOST_PREFIX}{ended.pid}-abc"
    live = tmp_path / f"{kernels.HOST_PREFIX}{os.getpid()}-def"
    for folder in (left, live):
        folder.mkdir()
        (folder / "host.sock").write_text("", encoding="utf-8")
    made = kernels.private_folder(kernels.HOST_PREFIX)
    assert not left.exists()
    assert live.is_dir()
    assert made.parent == tmp_path and made.name.startswith(f"{kernels.HOST_PREFIX}{os.getpid()}-")
    assert made.stat().st_mode & 0o777 == 0o700
