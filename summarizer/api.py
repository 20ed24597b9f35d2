"""The library's front door: what the CLI calls, and what a script imports."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from summarizer.articles import Loaded
from summarizer.cache import DigestCache
from summarizer.client import LLMClient
from summarizer.config import Backend, default_max_reasks, select_backend
from summarizer.local.modelstore import ProgressFactory
from summarizer.local.session import open_lazy_backend
from summarizer.pipeline import BatchReport, Summarizer, run_batch
from summarizer.schemas import Article, Digest, Result


@contextlib.contextmanager
def open_summarizer(
    backend: Backend,
    *,
    concurrency: int = 1,
    use_cache: bool = True,
    cache_path: Path | None = None,
    max_reasks: int | None = None,
    progress: ProgressFactory | None = None,
    timings: dict[str, float] | None = None,
    extractor: str = "structured",
) -> Iterator[Summarizer]:
    """The one way to get a ready Summarizer: a client, the digest cache; all closed on
    exit. The embedded model's server is started (or a running one reused) with
    *concurrency* slots and its speeds measured on the first request that needs the
    model, once, whichever thread asks first: a batch the structured extractor reads
    without a question never loads the model. A server started is stopped on exit; a
    failed start fails the batch (``ServerError``, ``ModelStoreError``), not one article.
    ``timings`` gets ``server_start_seconds`` if a server was started. ``max_reasks``
    None: the backend's default."""
    if max_reasks is None:
        max_reasks = default_max_reasks(backend)
    if extractor == "rules":  # code alone: no server, no model, no key
        cache = DigestCache(cache_path) if use_cache else None
        try:
            yield Summarizer(None, cache, 0, extractor)
        finally:
            if cache is not None:
                cache.close()
        return
    with open_lazy_backend(backend, slots=concurrency, progress=progress, timings=timings) as lazy:
        client = LLMClient(backend, connect=lazy.get)
        cache = DigestCache(cache_path) if use_cache else None
        try:
            yield Summarizer(client, cache, max_reasks, extractor)
        finally:
            client.close()
            if cache is not None:
                cache.close()


def summarize_batch(
    items: Iterable[Loaded],
    backend: Backend,
    on_result: Callable[[Result], None],
    *,
    concurrency: int = 1,
    use_cache: bool = True,
    max_reasks: int | None = None,
    progress: ProgressFactory | None = None,
    extractor: str = "structured",
) -> BatchReport:
    """Digest every article with *backend*, handing each result over as it finishes."""
    with open_summarizer(
        backend,
        concurrency=concurrency,
        use_cache=use_cache,
        max_reasks=max_reasks,
        progress=progress,
        extractor=extractor,
    ) as summarizer:
        return run_batch(items, summarizer, on_result, concurrency=concurrency)


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
