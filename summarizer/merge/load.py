"""Read digests as ``summarize`` writes them: JSON objects or arrays, JSON Lines, folders.

Failure records (``error`` / ``error_type``) are skipped and counted; a record that is
neither a digest nor a failure is skipped with a one-line reason, and the rest goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.errors import InputError
from summarizer.schemas import Digest

SUFFIXES = (".json", ".jsonl")


@dataclass
class Loaded:
    """The digests read (the last one wins per article id) and what was skipped."""

    digests: dict[str, Digest] = field(default_factory=dict)
    failures: int = 0  # failure records from summarize
    invalid: list[str] = field(default_factory=list)  # one line per unusable record
    duplicates: int = 0


def _files(paths: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(name, text) per input; folders give their .json/.jsonl files in name order."""
    for raw in paths:
        if raw == "-":
            yield "<stdin>", sys.stdin.read()
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
            if not found:
                raise InputError(f"{path}: no .json or .jsonl digests in this folder")
            for p in found:
                yield str(p), p.read_text("utf-8")
        elif path.is_file():
            try:
                yield str(path), path.read_text("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: not UTF-8 text; give summarize's JSON output",
                                 path=str(path)) from exc
        else:
            raise InputError(f"{path}: no such file or folder", path=str(path))


def _records(name: str, text: str) -> Iterator[tuple[str, Any]]:
    """(where, record) for a whole-JSON document or, failing that, JSON Lines."""
    stripped = text.strip()
    if not stripped:
        return
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        whole = None
        if not name.endswith(".jsonl") and stripped[0] == "[":
            raise InputError(f"{name}: not valid JSON; give summarize's -o output "
                             "(a JSON object, an array or JSON Lines)") from None
    if whole is not None:
        items = whole if isinstance(whole, list) else [whole]
        for i, item in enumerate(items, start=1):
            yield f"{name}[{i}]", item
        return
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"{name}:{n}", json.loads(line)
        except json.JSONDecodeError:
            yield f"{name}:{n}", ValueError("not a JSON line (torn or edited?)")


def load_digests(paths: Iterable[str]) -> Loaded:
    """All digests in *paths*; raises InputError only for paths that cannot be read."""
    loaded = Loaded()
    for name, text in _files(paths):
        for where, record in _records(name, text):
            if isinstance(record, ValueError):
                loaded.invalid.append(f"{where}: {record}")
                continue
            if isinstance(record, dict) and "error" in record and "error_type" in record:
                loaded.failures += 1
                continue
            try:
                digest = Digest.model_validate(record)
            except ValidationError as exc:
                first = exc.errors()[0]
                at = ".".join(str(p) for p in first["loc"])
                loaded.invalid.append(f"{where}: not a digest ({at}: {first['msg']})")
                continue
            if digest.article_id in loaded.digests:
                loaded.duplicates += 1
            loaded.digests[digest.article_id] = digest
    return loaded
