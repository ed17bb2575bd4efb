"""Lighthouse scores of the built pages: accessibility, best practices and SEO, desktop and mobile.

Serves reports/ from 127.0.0.1 with Python's http.server, runs the Lighthouse CLI (npm) on every
page with Debian's chromium, prints one line per page and form factor, and names every audit
that cost a point. Exits 1 when any score is below 100. Too slow for the test suite (about
15 s per page and form factor on a 2-core machine), so it is a script:

    npm install --no-save lighthouse@12.2.3      # once; 13.x needs Node 22
    python tools/lighthouse.py [REPORTS_FOLDER] [--lighthouse PATH] [--chrome PATH]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CATEGORIES = ("accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync"


class QuietHandler(SimpleHTTPRequestHandler):
    """http.server's file handler without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        return


def audit(lighthouse: str, chrome: str, url: str, form: str) -> dict[str, object]:
    """Lighthouse's JSON report of `url` for one form factor ('desktop' or 'mobile')."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.json"
        command = [
            lighthouse,
            url,
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS} --user-data-dir={folder}/profile",
        ]
        if form == "desktop":
            command.append("--preset=desktop")
        env = os.environ | {"CHROME_PATH": chrome}
        subprocess.run(command, check=True, env=env, capture_output=True, text=True)
        report: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
        return report


def lost_points(report: dict[str, object]) -> list[str]:
    """The audits of the three categories that did not pass, with their titles."""
    audits = report["audits"]
    categories = report["categories"]
    assert isinstance(audits, dict) and isinstance(categories, dict)
    failed = []
    for name in CATEGORIES:
        for ref in categories[name]["auditRefs"]:
            found = audits[ref["id"]]
            if ref["weight"] and found["score"] is not None and found["score"] < 1:
                failed.append(f"{name}: {ref['id']} ({found['title']})")
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="?", default="reports", type=Path)
    parser.add_argument(
        "--lighthouse",
        default=shutil.which("lighthouse") or "node_modules/.bin/lighthouse",
        help="the Lighthouse CLI (default: on PATH, else node_modules/.bin/lighthouse)",
    )
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    args = parser.parse_args(argv)
    pages = sorted(p.name for p in args.reports.glob("*.html"))
    if not pages:
        print(f"{args.reports}: no page to audit; build the reports first", file=sys.stderr)
        return 2
    handler = functools.partial(QuietHandler, directory=str(args.reports))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    worst = 100
    try:
        print(f"{'page':<24} {'form':<8} " + " ".join(f"{c:>15}" for c in CATEGORIES))
        for page in pages:
            for form in ("desktop", "mobile"):
                report = audit(args.lighthouse, args.chrome, f"http://{host}:{port}/{page}", form)
                categories = report["categories"]
                assert isinstance(categories, dict)
                scores = [round(100 * (categories[c]["score"] or 0)) for c in CATEGORIES]
                worst = min(worst, *scores)
                print(f"{page:<24} {form:<8} " + " ".join(f"{s:>15}" for s in scores))
                for lost in lost_points(report):
                    print(f"    {lost}")
    finally:
        server.shutdown()
    return 0 if worst == 100 else 1


if __name__ == "__main__":
    sys.exit(main())
