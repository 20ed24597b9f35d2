"""Thin CLI: parse options, call one library function, render. Errors become one line."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from tqdm import tqdm

from summarizer.cli_model import model
from summarizer.cli_shared import extractor_option, friendly_errors, progress_bar
from summarizer.config import Backend, Mode, select_backend
from summarizer.render import FORMATS, make_writer

F = TypeVar("F", bound=Callable[..., Any])


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


@main.command("probe")
@backend_options
@friendly_errors
def probe_cmd(**opts: Any) -> None:
    """Send one tiny structured request and show the answer and latency."""
    from summarizer.api import open_summarizer

    backend = backend_from(opts)
    timings: dict[str, float] = {}
    with open_summarizer(
        backend, use_cache=False, progress=progress_bar, timings=timings
    ) as summarizer:
        answer, seconds = summarizer.client.probe()
        live = summarizer.client.backend
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
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Articles in flight at once; the embedded server gets as many parallel slots.",
)
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
@extractor_option
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
main.add_command(model)

from summarizer.cli_merge import merge_cmd  # noqa: E402

main.add_command(merge_cmd)


if __name__ == "__main__":  # pragma: no cover
    main()
