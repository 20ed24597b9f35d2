"""The library's front door: what the CLI calls, and what a script imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from summarizer import modelstore
from summarizer.articles import Loaded
from summarizer.cache import DigestCache
from summarizer.client import LLMClient
from summarizer.config import Backend, default_max_reasks, select_backend
from summarizer.pipeline import BatchReport, Result, Summarizer, run_batch
from summarizer.schemas import Article, Digest
from summarizer.session import open_backend


def summarize_batch(
    items: Iterable[Loaded],
    backend: Backend,
    on_result: Callable[[Result], None],
    *,
    concurrency: int = 1,
    use_cache: bool = True,
    max_reasks: int | None = None,
    progress: modelstore.ProgressFactory | None = None,
    extractor: str = "structured",
) -> BatchReport:
    """Digest every article with *backend*, handing each result over as it finishes."""
    if max_reasks is None:
        max_reasks = default_max_reasks(backend)
    cache = DigestCache() if use_cache else None
    try:
        with open_backend(backend, progress=progress) as live:
            client = LLMClient(live)
            try:
                return run_batch(
                    items,
                    Summarizer(client, cache, max_reasks, extractor),
                    on_result,
                    concurrency=concurrency,
                )
            finally:
                client.close()
    finally:
        if cache is not None:
            cache.close()


def summarize_text(
    text: str,
    *,
    article_id: str = "article",
    published: dt.date | None = None,
    source: str | None = None,
    backend: Backend | None = None,
    use_cache: bool = True,
) -> Digest:
    """One article in, one digest out (raises SummarizerError on failure)."""
    results: list[Result] = []
    article = Article(id=article_id, text=text, published=published, source=source)
    summarize_batch([article], backend or select_backend(), results.append, use_cache=use_cache)
    result = results[0]
    if isinstance(result, Digest):
        return result
    from summarizer.errors import ExtractionError

    raise ExtractionError(result.error, error_type=result.error_type)
