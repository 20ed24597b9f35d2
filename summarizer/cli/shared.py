"""What every command shares: one-line errors with exit codes, interrupts, progress bars,
the options that choose the LLM backend and the extractor."""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from tqdm import tqdm

from summarizer.config import Backend, Mode, select_backend
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


FLAGS = {"output": "-o"}  # settings whose flag is not --<name-with-dashes>


def flag_hint(exc: SummarizerError) -> str:
    """The command-line flags for the settings an error names as its fix."""
    options = exc.context.get("options") or ()
    flags = [FLAGS.get(o, "--" + o.replace("_", "-")) for o in options]
    return f" ({', '.join(flags)})" if flags else ""


def friendly_errors(func: F) -> F:
    """Library errors become one line on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with sigterm_as_exit():
                return func(*args, **kwargs)
        except SummarizerError as exc:
            click.echo(f"summarizer: error: {exc}{flag_hint(exc)}", err=True)
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


def backend_options(func: F) -> F:
    """Options that choose the LLM; precedence: flag > environment > embedded model."""
    options = [
        click.option(
            "--model",
            help="Model name (local: one of the known GGUF models; "
            "remote: the server's model id). Env: SUMMARIZER_MODEL.",
        ),
        click.option(
            "--base-url",
            help="OpenAI-compatible endpoint, e.g. "
            "http://127.0.0.1:11434/v1 (Ollama). Env: SUMMARIZER_BASE_URL, "
            "OPENAI_BASE_URL.",
        ),
        click.option(
            "--local",
            is_flag=True,
            help="Use the embedded local model even if OPENAI_API_KEY is set.",
        ),
        click.option(
            "--model-file",
            type=click.Path(dir_okay=False),
            help="Serve this GGUF file instead of the default model.",
        ),
        click.option(
            "--mode",
            type=click.Choice([m.value for m in Mode]),
            help="Structured-output mode (default: json_schema for the embedded model "
            "and OpenAI, tools for other servers).",
        ),
        click.option(
            "--timeout",
            type=float,
            help="Seconds per HTTP request (default: 300 for remote servers; for the "
            "embedded model a bound from max_tokens and the speed measured at its start).",
        ),
        click.option("--max-tokens", type=int, help="Cap on generated tokens per call."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def backend_from(opts: dict[str, Any]) -> Backend:
    return select_backend(
        base_url=opts.pop("base_url"),
        model=opts.pop("model"),
        mode=opts.pop("mode"),
        local=opts.pop("local"),
        model_file=opts.pop("model_file"),
        timeout=opts.pop("timeout"),
        max_tokens=opts.pop("max_tokens"),
    )
