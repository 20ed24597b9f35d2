"""What every command shares: one-line errors with exit codes, interrupts, progress bars."""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from tqdm import tqdm

from summarizer.errors import SummarizerError
from summarizer.extract import EXTRACTORS
from summarizer.local import modelstore
from summarizer.local.server import sigterm_as_exit

F = TypeVar("F", bound=Callable[..., Any])


class _Bar(modelstore.Progress):
    def __init__(self, total: int, desc: str) -> None:
        self._bar = tqdm(
            total=total or None, desc=desc, unit="B", unit_scale=True, file=sys.stderr, disable=None
        )

    def update(self, n: int) -> None:
        self._bar.update(n)

    def close(self) -> None:
        self._bar.close()


extractor_option = click.option(
    "--extractor",
    type=click.Choice(list(EXTRACTORS)),
    default="structured",
    envvar="SUMMARIZER_EXTRACTOR",
    show_default=True,
    help="structured: code reads each sentence, the model answers the closed questions "
    "left (which way a group went); rules: the same reading with no model at all; "
    "one-call: one free-form model call per article (the earlier pipeline).",
)


def progress_bar(total: int, desc: str) -> modelstore.Progress:
    return _Bar(total, desc)


def _exit_now(code: int) -> None:
    """Leave at once after an interrupt: every ``finally`` has run (server stopped, temp
    files removed, finished lines flushed); only worker threads stuck in an HTTP read
    are left, and waiting for them could take the whole request timeout."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def friendly_errors(func: F) -> F:
    """Library errors become one line on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with sigterm_as_exit():
                return func(*args, **kwargs)
        except SummarizerError as exc:
            click.echo(f"summarizer: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("summarizer: interrupted", err=True)
            _exit_now(130)
        except SystemExit as exc:
            if exc.code == 128 + signal.SIGTERM:
                click.echo("summarizer: terminated", err=True)
                _exit_now(exc.code)
            raise

    return wrapper  # type: ignore[return-value]
