"""Adding an article: its text copied into seeds/ unchanged, its metadata and sha256 recorded.

Nothing is half-written: the text and seeds/articles.csv are each written to a temporary file
and moved into place with os.replace, and the text is removed again if the table cannot be
written. A run killed between the two leaves the text in seeds/ without its row: running the
same `crackdown add-article` again records that text (the same bytes) instead of refusing it,
and `crackdown check` says so. A text already recorded (the same sha256) or a URL already
recorded is refused, and so is metadata a spreadsheet would run as a formula (`=HYPERLINK(…)`
as an outlet) or that carries control characters.

Inputs are read only when they are regular files (`read_regular`): a FIFO or a device is
refused without being opened for a blocking read.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from crackdown.csvsafe import formula_problem
from crackdown.errors import ArticleError, InputError, Problem
from crackdown.paths import Paths

ARTICLE_COLUMNS = (
    "article_id",
    "file",
    "headline",
    "outlet",
    "url",
    "published_on",
    "published_precision",
    "language",
    "credited_sources",
    "original_file",
    "sha256",
    "notes",
)
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
#: The longest id (article, figure, claim group): ids become file names and link anchors.
MAX_ID_LENGTH = 100
PRECISIONS = ("day", "month", "year")

#: Control characters no article text holds (tab, newline, carriage return, form feed allowed).
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: What no data cell holds: control characters (NUL, BEL, ESC, DEL, C1) and the bidirectional
#: embeddings, overrides and isolates that reorder what a reader sees (U+202E turns text around).
_CELL_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Article:
    """One row of seeds/articles.csv."""

    article_id: str
    file: str
    headline: str
    outlet: str
    url: str
    published_on: date
    published_precision: str
    language: str
    credited_sources: str
    original_file: str
    sha256: str
    notes: str

    def row(self) -> dict[str, str]:
        """The row as seeds/articles.csv writes it."""
        values = {name: str(getattr(self, name)) for name in ARTICLE_COLUMNS}
        values["published_on"] = self.published_on.isoformat()
        return values


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and os.replace."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _kind(mode: int) -> str:
    kinds = {
        stat.S_ISDIR: "a folder",
        stat.S_ISFIFO: "a FIFO",
        stat.S_ISSOCK: "a socket",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
    }
    return next((name for test, name in kinds.items() if test(mode)), "not a regular file")


def read_regular(path: Path, *, inside: Path | None = None) -> bytes:
    """The bytes of `path`, a regular file (below `inside` when given, symbolic links resolved).

    Anything else raises InputError without a blocking open: a FIFO is refused by its mode
    before it is opened, the open itself is non-blocking, and the opened file is checked again
    (it may have been swapped in between).
    """
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise InputError("no such file") from None
    except (OSError, RuntimeError) as err:
        raise InputError(f"cannot be read ({err})") from None
    if inside is not None and not real.is_relative_to(inside.resolve()):
        raise InputError(
            f"leads outside the project (to {real}); only files inside the project are read"
        )
    try:
        mode = os.stat(real).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"is {_kind(mode)}, not a regular file; only regular files are read")
        flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(real, flags)
    except InputError:
        raise
    except OSError as err:
        raise InputError(f"cannot be read ({err.strerror or err})") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"is {_kind(mode)}, not a regular file; only regular files are read")
        return handle.read()


def decode_text(raw: bytes, *, table: bool = False) -> str:
    """An article's text from its bytes: UTF-8, a leading byte-order mark not part of the text.

    Raises InputError for an empty text, bytes that are not UTF-8, and control characters (a
    file of NUL bytes is not an article). A `table`'s cells are checked one by one instead, so
    that a control character is named by its row and column.
    """
    if not raw.strip():
        raise InputError("the file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        offset = err.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw[:offset].count(b"\n") + 1
        raise InputError(
            f"is not UTF-8 (byte 0x{raw[offset]:02x} at line {line}, byte offset {offset}); "
            f"re-save the file as UTF-8"
        ) from None
    control = None if table else _TEXT_CONTROLS.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise InputError(
            f"holds the control character U+{ord(control.group()):04X} at line {line}, character "
            f"{control.start()}; an article is text (save it as plain UTF-8 text)"
        )
    if not text.strip():
        raise InputError("the file is empty")
    return text


def cell_problem(value: str) -> str | None:
    """Why `value` cannot be a cell of the data (a control or bidirectional character), or None."""
    bad = _CELL_CONTROLS.search(value)
    if bad is None:
        return None
    name = unicodedata.name(bad.group(), "") or "a control character"
    return (
        f"holds U+{ord(bad.group()):04X} ({name.lower()}) at character {bad.start()}; "
        "control and text-direction characters are not allowed in the data"
    )


def read_text(path: Path) -> tuple[bytes, str]:
    """The bytes and the decoded text of an article file; ArticleError if it is unusable."""
    try:
        raw = read_regular(path)
        return raw, decode_text(raw)
    except InputError as err:
        raise ArticleError(f"{err}", file=str(path)) from None


def parse_published(
    value: str, precision: str | None = None, today: date | None = None
) -> tuple[date, str]:
    """A publication date and its precision from '2025-10-16', '2023-11' or '2023'.

    With precision month or year, the date is written as the first day of its month or year.
    """
    value = value.strip()
    forms = {
        "day": r"\d{4}-\d{2}-\d{2}",
        "month": r"\d{4}-\d{2}",
        "year": r"\d{4}",
    }
    implied = next((p for p, pattern in forms.items() if re.fullmatch(pattern, value)), None)
    if implied is None:
        raise ArticleError(f"--published {value!r}: not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        published = date(parts[0], parts[1], parts[2])
    except ValueError as err:
        raise ArticleError(f"--published {value!r}: not a valid date ({err})") from None
    if precision is None:
        precision = implied
    if precision not in PRECISIONS:
        raise ArticleError(f"--precision {precision!r}: must be one of {', '.join(PRECISIONS)}")
    if PRECISIONS.index(precision) < PRECISIONS.index(implied):
        raise ArticleError(
            f"--published {value!r} gives no {'day' if precision == 'day' else 'month'} for --precision {precision}"
        )
    if precision == "month":
        published = published.replace(day=1)
    elif precision == "year":
        published = published.replace(month=1, day=1)
    if published > (today or date.today()):
        raise ArticleError(f"--published {value!r}: is in the future")
    return published, precision


def _normal_url(url: str) -> str:
    url = url.strip()
    m = re.match(r"(?i)(https?)://([^/]+)(.*)", url)
    if not m:
        return url
    return f"{m.group(1).lower()}://{m.group(2).lower()}{m.group(3)}".rstrip("/")


def read_articles(paths: Paths) -> list[dict[str, str]]:
    """The rows of seeds/articles.csv."""
    if not paths.articles_csv.is_file():
        raise ArticleError(
            "missing; it lists the articles in seeds/", file=str(paths.relative(paths.articles_csv))
        )
    try:
        raw = read_regular(paths.articles_csv, inside=paths.root)
        return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    except (InputError, UnicodeDecodeError) as err:
        raise ArticleError(f"{err}", file=str(paths.relative(paths.articles_csv))) from None


def derive_id(outlet: str, published_on: date, precision: str, taken: Sequence[str]) -> str:
    """A readable id from the outlet and the date: 'the-asia-business-daily' -> 'asia-business-daily-2025-10-16'."""
    slug = re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")
    slug = re.sub(r"^(?:the|www)-", "", slug)
    slug = re.sub(r"-(?:com|net|org|co-kr|co-uk)$", "", slug)[:30].strip("-") or "article"
    stamp = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[precision]
    base = f"{slug}-{published_on.strftime(stamp)}"
    name, n = base, 2
    while name in taken:
        name = f"{base}-{n}"
        n += 1
    return name


def csv_line(row: dict[str, str], columns: Sequence[str]) -> bytes:
    """One CSV record, quoted as needed, ending in a newline."""
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n").writerow(row)
    return out.getvalue().encode("utf-8")


def appended(original: bytes, lines: bytes) -> bytes:
    """`original` with `lines` appended, adding the newline the file may lack at its end."""
    if original and not original.endswith(b"\n"):
        original += b"\n"
    return original + lines


def _metadata_problems(fields: dict[str, str]) -> list[str]:
    """What is wrong with the metadata given on the command line, one message per option."""
    problems = []
    for option, value in fields.items():
        why = formula_problem(value) or cell_problem(value)
        if why:
            problems.append(f"{option} {value!r}: {why}")
    return problems


def add_article(
    root: Path | str | None,
    file: Path,
    *,
    url: str,
    outlet: str,
    published: str,
    precision: str | None = None,
    article_id: str | None = None,
    headline: str | None = None,
    language: str = "en",
    credited_sources: str = "",
    notes: str = "",
) -> Article:
    """Copy `file` into seeds/ and record it in seeds/articles.csv; the new article.

    When seeds/ already holds the same bytes under the article's file name without a row in
    seeds/articles.csv (an add-article killed between copying the text and recording it), the
    text is recorded as it is instead of being refused.
    """
    paths = Paths.at(root)
    raw, text = read_text(file)
    published_on, precision = parse_published(published, precision)
    if not re.match(r"(?i)https?://[^/\s]+\.[^/\s]+", url.strip()):
        raise ArticleError(f"--url {url!r}: not a web address (http:// or https://)")
    if not outlet.strip():
        raise ArticleError("--outlet: is empty; name who published the text")
    if not re.fullmatch(r"[a-z]{2}", language):
        raise ArticleError(f"--language {language!r}: write an ISO 639-1 code such as en")
    if headline is None:
        headline = next((line.strip() for line in text.splitlines() if line.strip()), "")
        shown = {"headline (the text's first line; give --headline)": headline}
    else:
        shown = {"--headline": headline}
    problems = _metadata_problems(
        {
            "--url": url,
            "--outlet": outlet,
            **shown,
            "--credited": credited_sources,
            "--notes": notes,
            f"the file name {file.name!r} (rename the file)": file.name,
        }
    )
    if problems:
        raise ArticleError([Problem(message=p) for p in problems], hint="nothing was added")
    existing = read_articles(paths)
    table = paths.relative(paths.articles_csv)
    digest = hashlib.sha256(raw).hexdigest()
    for row_number, row in enumerate(existing, start=2):
        if row.get("sha256") == digest:
            raise ArticleError(
                f"the same text is already article {row['article_id']} "
                f"({table} row {row_number}); nothing was added",
                file=str(file),
            )
        if _normal_url(row.get("url", "")) == _normal_url(url):
            raise ArticleError(
                f"--url {url}: already recorded for article {row['article_id']} "
                f"({table} row {row_number}); nothing was added"
            )
    taken = [row["article_id"] for row in existing]
    if article_id is None:
        article_id = derive_id(outlet, published_on, precision, taken)
    elif len(article_id) > MAX_ID_LENGTH:
        raise ArticleError(
            f"--id: {len(article_id)} characters long; an id has at most {MAX_ID_LENGTH}"
        )
    elif not ID_RE.fullmatch(article_id):
        raise ArticleError(f"--id {article_id!r}: use lower-case letters, digits and hyphens")
    elif article_id in taken:
        raise ArticleError(f"--id {article_id}: already an article in {table}")
    target = paths.seeds / f"{article_id}.txt"
    resumed = _unrecorded_copy(paths, target, raw)
    article = Article(
        article_id=article_id,
        file=target.name,
        headline=headline.strip(),
        outlet=outlet.strip(),
        url=url.strip(),
        published_on=published_on,
        published_precision=precision,
        language=language,
        credited_sources=credited_sources.strip(),
        original_file=file.name,
        sha256=digest,
        notes=notes.strip(),
    )
    original = read_regular(paths.articles_csv)
    header = next(csv.reader(io.StringIO(original.decode("utf-8-sig"))), [])
    if tuple(header) != ARTICLE_COLUMNS:
        raise ArticleError(f"its header is not {','.join(ARTICLE_COLUMNS)}", file=table)
    if not resumed:
        write_atomic(target, raw)
    try:
        write_atomic(
            paths.articles_csv, appended(original, csv_line(article.row(), ARTICLE_COLUMNS))
        )
    except BaseException as err:
        if not resumed:
            target.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise ArticleError(
                f"could not be written ({err}); the text was not added either", file=table
            ) from err
        raise
    return article


def _unrecorded_copy(paths: Paths, target: Path, raw: bytes) -> bool:
    """Whether `target` already holds `raw`, copied by an add-article that was stopped before it
    recorded the row; ArticleError when `target` holds something else."""
    if not target.exists() and not target.is_symlink():
        return False
    shown = paths.relative(target)
    try:
        same = read_regular(target, inside=paths.seeds) == raw
    except InputError as err:
        raise ArticleError(f"already exists and {err}; choose another --id", file=shown) from None
    if same:
        return True
    raise ArticleError(
        f"already exists, with another text, and is not listed in "
        f"{paths.relative(paths.articles_csv)}; choose another --id, or delete {shown} if it is "
        f"left from an interrupted add-article",
        file=shown,
    )
