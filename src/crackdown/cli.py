"""The `crackdown` command: check | build | extract | add-article | accept.

Each subcommand lives in crackdown.commands.<name> with `configure(parser)` and `run(args)`;
it is imported only when called, so `crackdown check` does not pay for papermill's import.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
from collections.abc import Sequence
from typing import NoReturn

from crackdown import __version__
from crackdown.errors import CrackdownError

COMMANDS = {
    "check": ("crackdown.commands.check", "validate the articles and figures"),
    "build": ("crackdown.commands.build", "execute and render the reports into reports/"),
    "extract": ("crackdown.commands.extract", "propose candidate figures from an article's text"),
    "add-article": (
        "crackdown.commands.add_article",
        "copy a new article into seeds/ and record it",
    ),
    "accept": ("crackdown.commands.accept", "append reviewed candidates to data/figures.csv"),
}


def parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand configured."""
    top = argparse.ArgumentParser(prog="crackdown", description=__doc__.splitlines()[0])
    top.add_argument("--version", action="version", version=f"crackdown-reports {__version__}")
    top.add_argument("--root", help="project folder (default: found from the working directory)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if err.name != module_name:
                raise
            continue
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.configure(command)
        command.set_defaults(run=module.run)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 success, 1 failure, 2 usage)."""
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except CrackdownError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        if err.hint:
            print(err.hint, file=sys.stderr)
        if len(err.problems) > 1:
            print(f"{len(err.problems)} problems found", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return code


def entry() -> NoReturn:
    """The `crackdown` program: `main`, then exit with its code, whatever Ctrl-C did before.

    Once the code is decided, Ctrl-C is ignored: Python restores the default handler while it
    shuts down, and a Ctrl-C then (one pressed as a build ends) would kill the process by signal,
    silently, and lose the code that says what the command did."""
    code = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A Ctrl-C that lands in code run by exec() or eval() of a string (namedtuple, dataclasses
    # and traitlets make functions that way) is remembered by CPython even once the build has
    # handled it, and `python -m crackdown.cli` would then end by killing itself with SIGINT
    # instead of exiting 130. Running a string to its end clears that memory.
    exec("")
    sys.exit(code)


if __name__ == "__main__":
    entry()
