"""Adding an article: its text copied into seeds/ unchanged, its metadata and sha256 recorded.

Nothing is half-written: the text and seeds/articles.csv are each written to a temporary file
and moved into place with os.replace, and the text is removed again if the table cannot be
written. A text already recorded (the same sha256) or a URL already recorded is refused.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from crackdown.errors import ArticleError
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
PRECISIONS = ("day", "month", "year")


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


def read_text(path: Path) -> tuple[bytes, str]:
    """The bytes and the decoded text of an article file; ArticleError if it is unusable."""
    if not path.exists():
        raise ArticleError(f"{path}: no such file")
    if not path.is_file():
        raise ArticleError(f"{path}: not a file")
    raw = path.read_bytes()
    if not raw.strip():
        raise ArticleError(f"{path}: the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ArticleError(
            f"{path}: not UTF-8 (byte 0x{raw[err.start]:02x} at line {line}, byte offset {err.start}); "
            f"re-save the file as UTF-8"
        ) from None
    return raw, text


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
            f"{paths.relative(paths.articles_csv)}: missing; it lists the articles in seeds/"
        )
    with paths.articles_csv.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


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
    """Copy `file` into seeds/ and record it in seeds/articles.csv; the new article."""
    paths = Paths.at(root)
    raw, text = read_text(file)
    published_on, precision = parse_published(published, precision)
    if not re.match(r"(?i)https?://[^/\s]+\.[^/\s]+", url.strip()):
        raise ArticleError(f"--url {url!r}: not a web address (http:// or https://)")
    if not outlet.strip():
        raise ArticleError("--outlet: is empty; name who published the text")
    if not re.fullmatch(r"[a-z]{2}", language):
        raise ArticleError(f"--language {language!r}: write an ISO 639-1 code such as en")
    existing = read_articles(paths)
    table = paths.relative(paths.articles_csv)
    digest = hashlib.sha256(raw).hexdigest()
    for row_number, row in enumerate(existing, start=2):
        if row.get("sha256") == digest:
            raise ArticleError(
                f"{file}: the same text is already article {row['article_id']} "
                f"({table} row {row_number}); nothing was added"
            )
        if _normal_url(row.get("url", "")) == _normal_url(url):
            raise ArticleError(
                f"--url {url}: already recorded for article {row['article_id']} "
                f"({table} row {row_number}); nothing was added"
            )
    taken = [row["article_id"] for row in existing]
    if article_id is None:
        article_id = derive_id(outlet, published_on, precision, taken)
    elif not ID_RE.fullmatch(article_id):
        raise ArticleError(f"--id {article_id!r}: use lower-case letters, digits and hyphens")
    elif article_id in taken:
        raise ArticleError(f"--id {article_id}: already an article in {table}")
    target = paths.seeds / f"{article_id}.txt"
    if target.exists():
        raise ArticleError(f"{paths.relative(target)}: already exists; choose another --id")
    if headline is None:
        headline = next((line.strip() for line in text.splitlines() if line.strip()), "")
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
    original = paths.articles_csv.read_bytes()
    header = next(csv.reader(io.StringIO(original.decode("utf-8"))), [])
    if tuple(header) != ARTICLE_COLUMNS:
        raise ArticleError(f"{table}: its header is not {','.join(ARTICLE_COLUMNS)}")
    write_atomic(target, raw)
    try:
        write_atomic(
            paths.articles_csv, appended(original, csv_line(article.row(), ARTICLE_COLUMNS))
        )
    except BaseException as err:
        target.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise ArticleError(
                f"{table}: could not be written ({err}); the text was not added either"
            ) from err
        raise
    return article
