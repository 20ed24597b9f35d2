"""Output writers: JSON, JSON Lines and Markdown, each written as articles finish."""

from __future__ import annotations

import json
import os
import stat
from typing import Protocol, TextIO

from summarizer.schemas import ArticleFailure, Result

FORMATS = ("json", "jsonl", "md")


class Writer(Protocol):
    def write(self, result: Result) -> None: ...
    def close(self) -> None: ...


def _as_dict(result: Result) -> dict[str, object]:
    return result.to_json_dict()


def _regular_file_fd(out: TextIO) -> int | None:
    """The descriptor of *out* if it is a regular file (fsync makes sense), else None."""
    try:
        fd = out.fileno()
        return fd if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except (AttributeError, OSError, ValueError):  # StringIO, closed, pipes' oddities
        return None


class JsonLinesWriter:
    """One whole line per article, so a killed run can only tear the last line.

    To a regular file each line (with its newline) goes down in one ``write()`` on the
    descriptor, then ``fsync``: a line the process wrote survives even a crash, and
    :func:`summarizer.resume.scan_jsonl` repairs a torn tail on the next run. Other
    streams (stdout, pipes) get the line in one ``write`` and a flush.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self._fd = _regular_file_fd(out)

    def write(self, result: Result) -> None:
        line = json.dumps(_as_dict(result), ensure_ascii=False) + "\n"
        if self._fd is None:
            self.out.write(line)
            self.out.flush()
            return
        self.out.flush()  # nothing pending in the text layer may land after this line
        data = memoryview(line.encode("utf-8"))
        while data:  # os.write is one write(2); loop only on a short write
            data = data[os.write(self._fd, data) :]
        os.fsync(self._fd)

    def close(self) -> None:
        self.out.flush()


class JsonWriter:
    """A single digest as an object; several as an array streamed item by item."""

    def __init__(self, out: TextIO, single: bool) -> None:
        self.out, self.single, self.count = out, single, 0

    def write(self, result: Result) -> None:
        text = json.dumps(_as_dict(result), ensure_ascii=False, indent=2)
        if self.single:
            self.out.write(text + "\n")
        else:
            self.out.write(("[\n" if self.count == 0 else ",\n") + text)
        self.count += 1
        self.out.flush()

    def close(self) -> None:
        if not self.single:
            self.out.write("[]\n" if self.count == 0 else "\n]\n")
        self.out.flush()


def _cell(value: object) -> str:
    return str(value if value is not None else "—").replace("|", "\\|").replace("\n", " ")


def markdown(result: Result) -> str:
    """A digest a person can read: headline, summary, transfers with sources, figures."""
    if isinstance(result, ArticleFailure):
        return f"## {result.article_id}\n\n**Failed:** {result.error}\n"
    lines = [
        f"## {result.summary.headline}",
        "",
        f"*{result.article_id}*"
        + (f" · {result.source}" if result.source else "")
        + (f" · published {result.published}" if result.published else ""),
        "",
        result.summary.text,
        "",
    ]
    if result.events:
        lines += [
            "| status | date | from | to | what | count | reported by | mediators |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for event in result.events:
            when = event.date.isoformat() if event.date else (event.date_text or None)
            for t in event.transfers:
                count = (
                    f"{t.qualifier.replace('_', ' ')} {t.count}"
                    if t.count is not None and t.qualifier != "exact"
                    else t.count
                )
                count_cell = _cell(count) + (" (unverified)" if t.unverified else "")
                lines.append(
                    "| "
                    + " | ".join(
                        [
                            event.status,
                            _cell(when),
                            t.from_,
                            t.to,
                            t.category.replace("_", " "),
                            count_cell,
                            _cell(", ".join(t.reported_by) or "article"),
                            _cell(", ".join(event.mediators) or None),
                        ]
                    )
                    + " |"
                )
        lines.append("")
    else:
        lines += ["No handover of people or remains reported.", ""]
    if result.figures:
        lines += ["| figure | value | reported by |", "|---|---|---|"]
        for f in result.figures:
            lines.append(
                f"| {_cell(f.description)} | {f.value:,} | "
                f"{_cell(', '.join(f.reported_by) or 'article')} |"
            )
        lines.append("")
    if result.provenance.warnings:
        lines += ["<details><summary>warnings</summary>", ""]
        lines += [f"- {_cell(w)}" for w in result.provenance.warnings]
        lines += ["", "</details>", ""]
    return "\n".join(lines)


class MarkdownWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, result: Result) -> None:
        self.out.write(markdown(result) + "\n")
        self.out.flush()

    def close(self) -> None:
        self.out.flush()


def make_writer(fmt: str, out: TextIO, single: bool) -> Writer:
    if fmt == "jsonl":
        return JsonLinesWriter(out)
    if fmt == "md":
        return MarkdownWriter(out)
    return JsonWriter(out, single)
