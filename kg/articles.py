"""Stage 1: input files -> Article records.

Reads ``.txt`` (leading ``date YYYY-MM-DD`` marker, trailing ``(Agency)`` credit), ``.md``
with YAML front matter, ``.json``/``.jsonl`` records (id, title, date, url, source, text) and
``.html`` (main text and metadata via trafilatura). A file that cannot be read raises
InputError naming the file and the problem; one bad record of a JSONL file is reported
with its line and the other records still load.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Iterable, Iterator

from .datafiles import parse_yaml_text
from .errors import InputError
from .records import Article

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md", ".markdown", ".json", ".jsonl", ".html", ".htm")
MAX_BYTES = 20 * 1024 * 1024  # a news article is far smaller; larger files are rejected
MAX_JSONL_BYTES = 2 * 1024 * 1024 * 1024

_DATE_MARKER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t:]*", re.IGNORECASE)
_CREDIT = re.compile(r"\s*\(([A-Z][A-Za-z&.'-]*(?:[ -][A-Z][A-Za-z&.'-]*){0,3})\)\s*$")
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?$")


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input (file, or one record of a JSONL file) that could not be read."""

    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into their article files (sorted, recursive); keep files as given."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUFFIXES
                              and not q.name.startswith(".") and q.name.lower() != "readme.md"))
        elif p.exists():
            out.append(p)
        else:
            raise InputError(str(p), "no such file or folder")
    return out


def load_articles(paths: Iterable[str | Path]) -> Iterator[Article | Rejected]:
    """Yield an Article for every readable document and a Rejected for every bad one."""
    for path in find_inputs(paths):
        try:
            yield from _load_file(path)
        except InputError as e:
            yield Rejected(e.path, e.problem)


def load_article(path: str | Path) -> list[Article]:
    """Read one file strictly: any problem raises InputError."""
    out = []
    for item in _load_file(Path(path)):
        if isinstance(item, Rejected):
            raise InputError(item.path, item.problem)
        out.append(item)
    return out


def _load_file(path: Path) -> Iterator[Article | Rejected]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(str(path), f"unknown format '{suffix or 'no extension'}' (expected one of {', '.join(SUFFIXES)})")
    if suffix == ".jsonl":
        yield from _load_jsonl(path)
        return
    text = read_text(path)
    if suffix == ".txt":
        yield _from_txt(path, text)
    elif suffix in (".md", ".markdown"):
        yield _from_markdown(path, text)
    elif suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(str(path), f"malformed JSON at line {e.lineno} column {e.colno}: {e.msg}") from None
        records = data if isinstance(data, list) else [data]
        if not records:
            raise InputError(str(path), "empty JSON list: no articles")
        for n, rec in enumerate(records):
            where = str(path) if len(records) == 1 else f"{path}[{n}]"
            yield _from_record(path, rec, where, default_id=path.stem if len(records) == 1 else None)
    else:
        yield _from_html(path, text)


def read_text(path: Path, limit: int | None = None) -> str:
    """Read a file as text: UTF-8, or cp1252 with a warning; binary and empty files rejected."""
    limit = MAX_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(str(path), f"file too large ({size:,} bytes; limit {limit:,})")
        data = path.read_bytes()
    except OSError as e:
        raise InputError(str(path), f"cannot read: {e.strerror or e}") from None
    if not data.strip():
        raise InputError(str(path), "empty file")
    if b"\x00" in data[:8192]:
        raise InputError(str(path), "binary file (contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(str(path), f"not UTF-8 (invalid byte at offset {e.start}) nor cp1252 text") from None
        log.warning("%s: not UTF-8; decoded as cp1252/Latin-1", path)
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 8:
        raise InputError(str(path), "binary file (control characters), not text")
    return text


def _article(path: Path, doc_id: str, text: str, *, title=None, date=None, url=None, publisher=None,
             where: str | None = None) -> Article:
    where = where or str(path)
    text = text.strip()
    if not text:
        raise InputError(where, "no article text")
    return Article(
        id=_check_id(doc_id, where),
        text=text,
        title=_opt_str(title, "title", where),
        date=_check_date(date, where),
        url=_opt_str(url, "url", where),
        publisher=_opt_str(publisher, "source", where),
        path=str(path),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _from_txt(path: Path, text: str) -> Article:
    date = None
    m = _DATE_MARKER.match(text)
    if m:
        date = m.group(1)
        text = text[m.end():]
    publisher = None
    c = _CREDIT.search(text)
    if c and len(text) - c.start() < 60:
        publisher = c.group(1)
        text = text[: c.start()]
    return _article(path, path.stem, text, date=date, publisher=publisher)


def _from_markdown(path: Path, text: str) -> Article:
    meta: dict = {}
    if text.lstrip().startswith("---"):
        body = text.lstrip()
        end = re.search(r"^(---|\.\.\.)\s*$", body[3:], re.MULTILINE)
        if not end:
            raise InputError(str(path), "malformed front matter: no closing '---'")
        try:
            meta = parse_yaml_text(body[3: 3 + end.start()]) or {}
        except ValueError as e:
            raise InputError(str(path), f"malformed front matter: {e}") from None
        if not isinstance(meta, dict):
            raise InputError(str(path), "malformed front matter: expected key: value pairs")
        text = body[3 + end.end():]
    return _article(path, str(meta.get("id") or path.stem), text, title=meta.get("title"), date=meta.get("date"),
                    url=meta.get("url"), publisher=meta.get("source") or meta.get("publisher"))


def _from_record(path: Path, rec, where: str, default_id: str | None) -> Article:
    if not isinstance(rec, dict):
        raise InputError(where, "malformed record: expected a JSON object with id, title, date, url, source, text")
    text = rec.get("text")
    if not isinstance(text, str):
        raise InputError(where, "malformed record: 'text' is missing or not a string")
    doc_id = rec.get("id", default_id)
    if doc_id is None:
        raise InputError(where, "malformed record: 'id' is missing")
    return _article(path, str(doc_id), text, title=rec.get("title"), date=rec.get("date"), url=rec.get("url"),
                    publisher=rec.get("source") or rec.get("publisher"), where=where)


def _load_jsonl(path: Path) -> Iterator[Article | Rejected]:
    text = read_text(path, limit=MAX_JSONL_BYTES)
    seen = 0
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield Rejected(where, f"malformed JSON: {e.msg} at column {e.colno}")
            continue
        try:
            yield _from_record(path, rec, where, default_id=None)
            seen += 1
        except InputError as e:
            yield Rejected(e.path, e.problem)
    if not seen:
        raise InputError(str(path), "no readable records")


def _from_html(path: Path, html: str) -> Article:
    from .html_text import extract_html

    try:
        text, meta = extract_html(html)
    except ValueError as e:
        raise InputError(str(path), str(e)) from None
    return _article(path, path.stem, text, **meta)


def _check_id(doc_id: str, where: str) -> str:
    doc_id = doc_id.strip()
    if not doc_id or len(doc_id) > 200 or not re.fullmatch(r"[\w.\-]+", doc_id):
        raise InputError(where, f"bad document id {doc_id!r}: use letters, digits, '.', '_' or '-'")
    return doc_id


def _check_date(value, where: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, Date):
        return value.isoformat()[:10]
    m = _ISO_DATE.match(str(value).strip())
    if m:
        try:
            return Date.fromisoformat(m.group(1)).isoformat()
        except ValueError:
            pass
    raise InputError(where, f"malformed metadata: date {str(value)!r} is not YYYY-MM-DD")


def _opt_str(value, name: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int, float)):
        raise InputError(where, f"malformed metadata: {name} must be text")
    value = " ".join(str(value).split())
    return value or None
