"""Read articles in every form the contract accepts, and strip page clutter.

Loading never raises for one bad file in a batch: it yields an ArticleFailure
in that file's place so the batch goes on and the output says why.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.schemas import Article, ArticleFailure

ARTICLE_SUFFIXES = {".txt", ".json", ".jsonl"}
MAX_CHARS = 60_000  # ~15k tokens: beyond the local model's 8k context even after cleaning
_HEADER = re.compile(r"^(source|date):[ \t]*(.*?)\s*$", re.IGNORECASE)

Loaded = Article | ArticleFailure


def _parse_date(value: Any, where: str) -> dt.date | None:
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "unknown")):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(f"{where}: date {value!r} is not YYYY-MM-DD (or 'unknown')") from None


def _decode(data: bytes, where: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: looks binary (NUL bytes), not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: not UTF-8 text (bad byte at offset {exc.start}); "
            "convert it, e.g. iconv -f latin1 -t utf-8"
        ) from None
    return text


def _checked(article: Article, where: str) -> Article:
    if not article.text.strip():
        raise InputError(f"{where}: the article is empty")
    if len(article.text) > MAX_CHARS:
        raise InputError(
            f"{where}: {len(article.text):,} characters is longer than the "
            f"{MAX_CHARS:,} this tool digests in one piece; split the file"
        )
    return article


def split_header(raw: str) -> tuple[dict[str, str], str]:
    """Leading ``source:``/``date:`` lines and the body after the blank line.

    Header lines count only when a blank line (or the end) follows them, as the
    contract describes; otherwise the whole text is body (seed 000 starts with
    " date 2024-10-18 KYIV…", which is body).
    """
    lines = raw.splitlines(keepends=True)
    headers: dict[str, str] = {}
    index = 0
    while index < len(lines) and (match := _HEADER.match(lines[index].rstrip("\r\n"))):
        headers[match.group(1).lower()] = match.group(2)
        index += 1
    if not headers or (index < len(lines) and lines[index].strip()):
        return {}, raw
    return headers, "".join(lines[index:]).lstrip("\r\n")


def parse_txt(text: str, article_id: str, where: str, published: dt.date | None = None) -> Article:
    """Optional leading ``source:`` / ``date:`` lines, a blank line, then the body."""
    headers, body = split_header(text)
    return _checked(
        Article(
            id=article_id,
            text=body,
            source=headers.get("source") or None,
            published=_parse_date(headers.get("date"), where) or published,
        ),
        where,
    )


def parse_record(
    record: Any, default_id: str, where: str, published: dt.date | None = None
) -> Article:
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(f"{where}: expected a JSON object with a 'text' string")
    return _checked(
        Article(
            id=str(record.get("id") or default_id),
            text=record["text"],
            source=record.get("source") or None,
            published=_parse_date(record.get("published") or record.get("date"), where)
            or published,
        ),
        where,
    )


def _failure(article_id: str, exc: InputError, source: str | None = None) -> ArticleFailure:
    return ArticleFailure(
        article_id=article_id, error=str(exc), error_type=type(exc).__name__, source=source
    )


def _from_bytes(
    data: bytes, name: str, suffix: str, where: str, published: dt.date | None
) -> Iterator[Loaded]:
    stem = Path(name).stem
    try:
        text = _decode(data, where)
        if suffix == ".jsonl":
            for n, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    yield parse_record(json.loads(line), f"{stem}-{n}", f"{where}:{n}", published)
                except json.JSONDecodeError as exc:
                    yield _failure(f"{stem}-{n}", InputError(f"{where}:{n}: bad JSON ({exc.msg})"))
                except InputError as exc:
                    yield _failure(f"{stem}-{n}", exc)
            return
        if suffix == ".json":
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: bad JSON ({exc.msg} at line {exc.lineno})") from None
            records = value if isinstance(value, list) else [value]
            for n, record in enumerate(records, start=1):
                default = stem if len(records) == 1 else f"{stem}-{n}"
                try:
                    yield parse_record(record, default, where, published)
                except InputError as exc:
                    yield _failure(default, exc)
            return
        yield parse_txt(text, stem, where, published)
    except InputError as exc:
        yield _failure(stem, exc)


def _sniff_suffix(data: bytes) -> str:
    head = data.lstrip()[:1]
    if head == b"{":
        return (
            ".jsonl"
            if data.strip().count(b"\n") and b"}\n{" in data.replace(b"\r", b"")
            else ".json"
        )
    return ".json" if head == b"[" else ".txt"


def load(paths: Iterable[str], published: dt.date | None = None) -> Iterator[Loaded]:
    """Articles (or per-item failures) from files, directories and ``-`` (stdin)."""
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read()
            yield from _from_bytes(data, "stdin", _sniff_suffix(data), "stdin", published)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
            if not files:
                yield _failure(path.name, InputError(f"{path}: no .txt/.json/.jsonl files"))
            for file in files:
                yield from _load_file(file, published)
        elif path.exists():
            yield from _load_file(path, published)
        else:
            yield _failure(path.stem or raw, InputError(f"{raw}: no such file or directory"))


def _load_file(path: Path, published: dt.date | None) -> Iterator[Loaded]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _failure(path.stem, InputError(f"{path}: cannot read ({exc.strerror})"))
        return
    yield from _from_bytes(data, path.name, path.suffix.lower(), str(path), published)


# --- clutter ---------------------------------------------------------------------


@cache
def _clutter() -> tuple[re.Pattern[str], re.Pattern[str], list[tuple[re.Pattern[str], int]]]:
    raw = json.loads(
        resources.files("summarizer.data").joinpath("boilerplate.json").read_text("utf-8")
    )
    lines = re.compile(r"^(?:" + "|".join(raw["lines"]) + r")$", re.IGNORECASE)
    cut = re.compile(r"^(?:" + "|".join(raw["cut_from"]) + r")$", re.IGNORECASE)
    blocks = [(re.compile(f"^(?:{k})$", re.IGNORECASE), int(v)) for k, v in raw["blocks"].items()]
    return lines, cut, blocks


def _is_tag_line(line: str) -> bool:
    """Short title-like lines (topic tags, bylines) with no sentence punctuation."""
    words = line.split()
    return 0 < len(words) <= 3 and not re.search(r"[.!?:,\"”]$", line)


def clean_text(text: str) -> str:
    """Remove donation appeals, promo blocks and page furniture; keep the story."""
    drop_line, cut_from, blocks = _clutter()
    kept: list[str] = []
    skip = 0
    for line in text.splitlines():
        stripped = line.strip()
        if skip and stripped:  # a promo block's lines; blank lines inside do not count
            skip -= 1
            continue
        if cut_from.match(stripped):
            break
        if drop_line.match(stripped):
            continue
        block = next((n for pattern, n in blocks if pattern.match(stripped)), None)
        if block is not None:
            skip = block
            continue
        kept.append(line.rstrip())
    while kept and (not kept[-1].strip() or _is_tag_line(kept[-1].strip())):
        kept.pop()
    cleaned = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", cleaned).strip()
