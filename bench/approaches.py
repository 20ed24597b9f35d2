"""Each approach turns fixtures into contract digests and per-article costs, so one scorer
judges all of them."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.meter import Meter
from summarizer.api import open_summarizer
from summarizer.config import Backend
from summarizer.evaluation.fixtures import Fixture
from summarizer.pipeline import run_batch
from summarizer.schemas import ArticleFailure, Result
from summarizer.writers import JsonLinesWriter


@dataclass
class Row:
    """One article's outcome for one approach."""

    article_id: str
    seconds: float
    llm_calls: int
    prompt_tokens: int
    completion_tokens: int
    digest: dict[str, Any] | None = None
    error: str | None = None
    cached: bool = False


@dataclass
class Run:
    name: str
    rows: list[Row] = field(default_factory=list)
    wall_seconds: float = 0.0
    metered: dict[str, Any] = field(default_factory=dict)
    server: dict[str, Any] = field(default_factory=dict)  # the server's own llama_perf sums


def run_ours(
    name: str,
    fixtures: list[Fixture],
    backend: Backend,
    meter: Meter | None,
    *,
    max_reasks: int,
    cache_path: Path | None = None,
    concurrency: int = 1,
    write: bool = True,
) -> Run:
    """The summarizer as a user runs it: batch, cache (when given), JSONL written as it goes."""
    mark = meter.mark() if meter else 0
    run = Run(name)
    by_id: dict[str, Row] = {}
    with (
        tempfile.TemporaryDirectory() as tmp,
        open(Path(tmp) / "out.jsonl", "w") as out,
        open_summarizer(
            backend,
            concurrency=concurrency,
            use_cache=cache_path is not None,
            cache_path=cache_path,
            max_reasks=max_reasks,
        ) as summarizer,
    ):
        writer = JsonLinesWriter(out)

        def on_result(result: Result) -> None:
            if write:
                writer.write(result)
            if isinstance(result, ArticleFailure):
                by_id[result.article_id] = Row(result.article_id, 0.0, 0, 0, 0, error=result.error)
                return
            p = result.provenance
            by_id[result.article_id] = Row(
                result.article_id,
                p.seconds,
                0 if p.cached else p.attempts,
                0 if p.cached else p.usage.prompt_tokens,
                0 if p.cached else p.usage.completion_tokens,
                digest=result.to_json_dict(),
                cached=p.cached,
            )

        started = time.monotonic()
        try:
            run_batch([f.article() for f in fixtures], summarizer, on_result, concurrency)
        finally:
            run.wall_seconds = time.monotonic() - started
            writer.close()
    run.rows = [by_id[f.id] for f in fixtures if f.id in by_id]
    run.metered = meter.since(mark) if meter else {}
    return run


Peer = Callable[[Fixture], dict[str, Any]]


def run_peer(name: str, fixtures: list[Fixture], peer: Peer, meter: Meter) -> Run:
    """One article at a time; the meter tells the LLM calls and tokens each one cost."""
    run = Run(name)
    started = time.monotonic()
    for fixture in fixtures:
        mark, t0 = meter.mark(), time.monotonic()
        digest: dict[str, Any] | None = None
        error: str | None = None
        try:
            digest = peer(fixture)
        except Exception as exc:
            error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
        seconds = time.monotonic() - t0
        used = meter.since(mark)
        if digest is not None:
            digest.setdefault("provenance", {}).update(
                usage={
                    "prompt_tokens": used["prompt_tokens"],
                    "completion_tokens": used["completion_tokens"],
                },
                attempts=used["llm_calls"],
                seconds=seconds,
            )
        run.rows.append(
            Row(
                fixture.id,
                seconds,
                used["llm_calls"],
                used["prompt_tokens"],
                used["completion_tokens"],
                digest=digest,
                error=error,
            )
        )
    run.wall_seconds = time.monotonic() - started
    return run
