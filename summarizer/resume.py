"""Output files that survive a killed run.

* **JSON Lines** (``--format jsonl``) is resumable. Every record is one line,
  written with a single ``write()`` of the whole line and its newline, then
  flushed and ``fsync``-ed (:class:`summarizer.writers.JsonLinesWriter`), so a
  ``kill -9`` can only ever tear the *last* line. On the next run
  :func:`scan_jsonl` repairs the file and says which articles are done:

  - a complete line holding a JSON object with a string ``article_id`` and no
    ``error`` is a digest: kept, its id is *done* and the article is skipped;
  - a failure record (it has ``error``) is dropped and its article digested
    again: failures are mostly transient (network, server, a timeout) and a
    user who re-runs after fixing the cause expects them retried, and keeping
    the old line next to the new result would list the article twice;
  - a second record for an id already kept is dropped (at most one line per
    article, whatever wrote the file before);
  - blank lines are dropped;
  - the last line without a newline is torn (the run was killed while writing
    it, or the file was cut short): it is dropped and the article re-run; a
    whole record is never written without its newline, so nothing is lost;
  - a complete, non-blank line that is not such a record means the file is not
    (only) ours: :func:`scan_jsonl` refuses with :class:`InputError` instead of
    deleting someone's data (``--restart`` overwrites it on purpose).

  When only a torn tail goes, the file is truncated to the end of its last
  whole line; when lines in the middle go, the kept lines are written to a
  temporary file beside it which then replaces it (``os.replace``), so a crash
  during the repair leaves either the old file or the repaired one.

* **JSON and Markdown** (one document) are written to a temporary file in the
  same directory and moved over the target only when the batch has run to the
  end (:func:`open_output`), so a killed run never leaves a half-written
  document in place of a good one. An interrupted or crashed run removes its
  temporary file (``kill -9`` cannot: a ``.NAME.*.tmp`` file may remain).

Only regular files get this treatment; ``-o /dev/stdout`` or a pipe is written
as it goes.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, TextIO

from summarizer.articles import Loaded
from summarizer.errors import InputError
from summarizer.schemas import Article


@dataclass
class ResumeScan:
    """What an existing JSON Lines output holds after :func:`scan_jsonl` repaired it."""

    path: Path
    done: set[str] = field(default_factory=set)  # articles with a digest line, skipped
    retried: set[str] = field(default_factory=set)  # failure records dropped, to run again
    duplicates: int = 0  # extra records of an id already kept, dropped
    torn: bool = False  # a last line without newline was dropped
    rewritten: bool = False  # the file was rewritten (lines dropped from the middle)
    truncated: bool = False  # the file was truncated (only a torn tail dropped)
    existed: bool = False  # there was a non-empty file to resume from

    def pending(self, items: Iterable[Loaded]) -> list[Loaded]:
        """The items still to digest: those without a digest line in the file."""
        return [item for item in items if _item_id(item) not in self.done]

    def note(self, total: int, skipped: int) -> str:
        """One line for stderr: what the resumed run will and will not do."""
        line = f"resuming: {skipped} of {total} articles already in {self.path.name}"
        extra = []
        if self.retried:
            extra.append(f"{len(self.retried)} earlier failure(s) will be retried")
        if self.torn:
            extra.append("a torn last line was dropped")
        if self.duplicates:
            extra.append(f"{self.duplicates} duplicate line(s) dropped")
        return line + (f" ({'; '.join(extra)})" if extra else "")


def _item_id(item: Loaded) -> str:
    return item.id if isinstance(item, Article) else item.article_id


def _record(line: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(value, dict) and isinstance(value.get("article_id"), str):
        return value
    return None


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform/filesystem allows it
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _temp_beside(target: Path) -> tuple[Path, int]:
    """A new file next to *target* (same filesystem, so ``os.replace`` is atomic),
    created with the default permissions (umask applies) or *target*'s if it exists."""
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        with contextlib.suppress(OSError):
            os.chmod(fd, stat.S_IMODE(target.stat().st_mode))
        return tmp, fd
    raise InputError(f"cannot create a temporary file beside {target}")  # pragma: no cover


@contextlib.contextmanager
def _atomic(target: Path, mode: Literal["w", "wb"]) -> Iterator[IO[Any]]:
    """A file that replaces *target* only if the block ends normally (else it vanishes)."""
    tmp, fd = _temp_beside(target)
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)


def _replace_with(target: Path, data: bytes) -> None:
    with _atomic(target, "wb") as out:
        out.write(data)


def scan_jsonl(path: Path) -> ResumeScan:
    """Repair an existing JSON Lines output in place and return what is done.

    See the module docstring for the rules. A missing or empty file is an empty scan.
    """
    path = Path(path)
    scan = ResumeScan(path=path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return scan
    except OSError as exc:
        raise InputError(f"{path}: cannot read the existing output ({exc.strerror})") from None
    scan.existed = bool(data)
    cut = data.rfind(b"\n") + 1  # end of the last whole line (0: none)
    whole, tail = data[:cut], data[cut:]
    kept: list[bytes] = []
    for number, line in enumerate(whole.split(b"\n")[:-1], start=1):
        if not line.strip():
            continue
        record = _record(line)
        if record is None:
            raise InputError(
                f"{path} exists and line {number} is not a summarizer record; "
                "overwrite it on purpose, or choose another output file",
                options=("restart", "output"),
            )
        article_id = record["article_id"]
        if "error" in record:
            scan.retried.add(article_id)
        elif article_id in scan.done:
            scan.duplicates += 1
        else:
            scan.done.add(article_id)
            kept.append(line)
    scan.retried -= scan.done
    if tail:
        if not kept and not tail.lstrip().startswith(b"{"):
            raise InputError(
                f"{path} exists and is not a summarizer JSON Lines output; "
                "overwrite it on purpose, or choose another output file",
                options=("restart", "output"),
            )
        scan.torn = True
    repaired = b"".join(line + b"\n" for line in kept)
    if repaired == data:
        return scan
    try:
        if repaired == whole:  # only the torn tail goes
            with open(path, "r+b") as fh:
                fh.truncate(len(whole))
                fh.flush()
                os.fsync(fh.fileno())
            scan.truncated = True
        else:
            _replace_with(path, repaired)
            scan.rewritten = True
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    return scan


def is_regular_or_absent(path: Path) -> bool:
    """Paths we may repair or replace: a regular file, or nothing there yet."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:  # absent, or unreadable: opening it says why
        return True


def _cannot_write(path: Path, exc: OSError) -> InputError:
    return InputError(f"cannot write {path} ({exc.strerror or exc})")


@dataclass
class Output:
    """Where a batch writes: ``stream``; ``scan`` is set when a JSON Lines file resumes."""

    stream: TextIO
    scan: ResumeScan | None = None


@contextlib.contextmanager
def open_output(path: str | None, fmt: str, *, restart: bool = False) -> Iterator[Output]:
    """Open the batch's output: stdout, a resumed/new JSON Lines file, or an atomic
    JSON/Markdown file (see the module docstring). ``restart`` ignores an existing
    JSON Lines file and overwrites it."""
    if path is None:
        yield Output(sys.stdout)
        return
    target = Path(path)
    if not is_regular_or_absent(target):  # /dev/stdout, a pipe: write as we go
        try:
            stream = open(target, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise _cannot_write(target, exc) from None
        with stream:
            yield Output(stream)
        return
    real = Path(os.path.realpath(target))  # a symlink's file is updated, not the link
    if fmt == "jsonl":
        scan = None if restart else scan_jsonl(real)
        if scan is not None:
            scan.path = target  # messages name the file the user gave
        mode: Literal["w", "a"] = "w" if restart else "a"
        try:
            stream = open(real, mode, encoding="utf-8", newline="\n")  # noqa: SIM115
        except OSError as exc:
            raise _cannot_write(target, exc) from None
        with stream:
            yield Output(stream, scan)
        return
    atomic = _atomic(real, "w")
    try:
        text: Any = atomic.__enter__()
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    with contextlib.ExitStack() as stack:
        stack.push(atomic)  # replaces the target on success, removes the temp file on error
        yield Output(text)
