"""Every task of crackdown-reports, for people and CI alike: `nox -l` lists them.

Environments are made with uv when it is there and reused between runs, so a second
`nox -s tests` starts in seconds instead of reinstalling pandas and matplotlib.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "typecheck", "tests"]

# uv skips byte-compiling unless told; without .pyc files every import is several times slower.
INSTALL_ENV = {"UV_COMPILE_BYTECODE": "1"}


def install(session: nox.Session, *groups: str) -> None:
    """Install the project (editable) with the given dependency groups."""
    args = ["-e", "."]
    for group in groups:
        args += ["--group", group]
    session.install(*args, env=INSTALL_ENV)


def install_and_run(session: nox.Session, *command: str, groups: tuple[str, ...] = ()) -> None:
    """Install the project with the given dependency groups, then run `command` with the
    session's extra arguments after it."""
    install(session, *groups)
    session.run(*command, *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (what CI runs). Extra arguments go to pytest: nox -s tests -- -k prose"""
    install_and_run(session, "pytest", groups=("test",))


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check, and no notebook committed with outputs."""
    install(session, "lint")
    session.run("ruff", "check", "src", "tests", "benchmarks", "tools", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "benchmarks", "tools", "noxfile.py")
    with_outputs = [
        str(path)
        for path in sorted(Path("notebooks").glob("*.ipynb"))
        if any(
            cell.get("outputs") or cell.get("execution_count")
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if cell["cell_type"] == "code"
        )
    ]
    if with_outputs:
        session.error(f"notebooks committed with outputs: {', '.join(with_outputs)}")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy, strict, on the package under src/."""
    install_and_run(session, "mypy", groups=("typecheck",))


@nox.session
def reports(session: nox.Session) -> None:
    """Build every report into reports/ (HTML, PDF, index.html): the README's main command.

    Extra arguments go to `crackdown build`: nox -s reports -- overview sources
    """
    install_and_run(session, "crackdown", "build")


@nox.session
def lab(session: nox.Session) -> None:
    """JupyterLab on notebooks/, with the project's kernel (installing the project registers it).

    Extra arguments go to `jupyter lab`; as root (a container), --allow-root is added.
    """
    install(session, "lab")
    as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    session.run("jupyter", "lab", "--notebook-dir=notebooks", *as_root, *session.posargs)


@nox.session
def contact_sheet(session: nox.Session) -> None:
    """Every chart on the project's data as one PNG, to look over: reports/_contact-sheet/.

    Another project's folder may be given: nox -s contact_sheet -- tests/fixtures/seed
    """
    install_and_run(session, "python", "tools/contact_sheet.py")


@nox.session
def fixture(session: nox.Session) -> None:
    """Build every report of a frozen fixture project, to look at how the reports show many
    articles that restate, contradict, correct and overlap each other:
    nox -s fixture -- multi   (or seed); open fixture-reports/<name>/reports/index.html.

    The fixture's seeds/ and data/ and the project's notebooks/ are copied to
    fixture-reports/<name>/ (ignored by git), so the fixture itself is never written to.
    """
    name = session.posargs[0] if session.posargs else "multi"
    source = Path("tests/fixtures") / name
    if not (source / "seeds").is_dir() or not (source / "data").is_dir():
        known = sorted(p.name for p in Path("tests/fixtures").iterdir() if (p / "seeds").is_dir())
        session.error(f"no fixture project {name!r} in tests/fixtures/: one of {', '.join(known)}")
    install(session)
    target = Path("fixture-reports") / name
    shutil.rmtree(target, ignore_errors=True)
    for folder, origin in (("seeds", source), ("data", source), ("notebooks", Path("."))):
        shutil.copytree(
            origin / folder,
            target / folder,
            ignore=shutil.ignore_patterns("candidates", ".ipynb_checkpoints"),
        )
    session.run("crackdown", "--root", str(target), "build")
    session.log(f"open {target / 'reports' / 'index.html'}")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks, printed and written to benchmarks/results.md: `crackdown build` (forced,
    with nothing changed, after a one-row data change, and on synthetic projects of up to
    100,000 figures) against the plain papermill + nbconvert + weasyprint loop and the
    notebooks' code run as plain Python; then extraction quality and speed (--check: exit 1
    when a target is missed). The papermill, jupyter nbconvert and weasyprint commands come with
    the project's dependencies. Extra arguments go to benchmarks/build.py:
    nox -s bench -- --runs 3 --scale 100,1000
    """
    install(session)
    session.run("python", "benchmarks/build.py", *session.posargs)
    session.run("python", "benchmarks/extraction.py", "--check")
