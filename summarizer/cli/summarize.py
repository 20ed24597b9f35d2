"""``summarizer summarize`` (and ``probe``, ``schema``): digest articles; thin: parse options,
call one library function, render."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from tqdm import tqdm

from summarizer.cli.shared import (
    backend_from,
    backend_options,
    extractor_option,
    friendly_errors,
    progress_bar,
)
from summarizer.writers import FORMATS, make_writer


@click.command("probe")
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


@click.command("schema")
@click.option("--llm", is_flag=True, help="The flat schema the LLM fills instead of the digest.")
def schema_cmd(llm: bool) -> None:
    """Print the JSON Schema of a digest (the contract's output record)."""
    from summarizer.oneshot.llm_schema import LLMDigest
    from summarizer.schemas import public_json_schema

    schema = LLMDigest.model_json_schema() if llm else public_json_schema()
    click.echo(json.dumps(schema, indent=2))


@click.command("summarize")
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
