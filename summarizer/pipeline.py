"""Article → digest, and batches of them: extraction, review, assembly, cache."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.articles import Loaded, clean_text
from summarizer.cache import DigestCache, cache_key, code_fingerprint
from summarizer.client import CallStats, LLMClient, stop_retrying
from summarizer.errors import ExtractionError, InputError, SummarizerError
from summarizer.extract import EXTRACTORS
from summarizer.extract.digest import extract
from summarizer.extract.questions import QUESTIONS_VERSION, questions_hash
from summarizer.oneshot.assemble import fallback_summary, group_events
from summarizer.oneshot.llm_schema import LLMDigest, LLMSummary, schema_hash
from summarizer.oneshot.prompts import (
    PROMPT_VERSION,
    messages,
    prompt_hash,
    summary_fix_messages,
)
from summarizer.oneshot.review import Review, digest_check, review, summary_check
from summarizer.schemas import (
    SCHEMA_VERSION,
    Article,
    ArticleFailure,
    Digest,
    Event,
    Provenance,
    Result,
    Summary,
    Usage,
)

log = logging.getLogger(__name__)


class Summarizer:
    """Digests articles with one LLM client; safe to call from several threads.

    ``extractor="structured"`` (the default) reads each sentence's structure in code and
    asks the model only small closed questions; ``"rules"`` is the same reading with no
    model at all (what the words leave open is dropped); ``"one-call"`` is the earlier
    single free-form call per article, kept for comparison (docs/decisions.md).
    """

    def __init__(
        self,
        client: LLMClient | None,
        cache: DigestCache | None = None,
        max_reasks: int = 1,
        extractor: str = "structured",
    ) -> None:
        if extractor not in EXTRACTORS:
            raise InputError(f"unknown extractor {extractor!r}; choose one of {EXTRACTORS}")
        if client is None and extractor != "rules":
            raise InputError(f"the {extractor} extractor needs an LLM client")
        self._client = client
        self.cache = cache
        self.max_reasks = max_reasks
        self.extractor = extractor

    @property
    def client(self) -> LLMClient:
        if self._client is None:  # pragma: no cover - ruled out in __init__
            raise InputError("the rules extractor has no LLM client")
        return self._client

    def _model(self) -> tuple[str, str, str, str]:
        """(model, model file, mode, description) of the backend; the rules need none."""
        if self._client is None:
            return "none", "", "", "rules: no model"
        b = self._client.backend
        return b.model, b.model_file or "", b.mode.value, self._client.describe()

    def _versions(self) -> tuple[str, str]:
        """(prompt version, schema hash) of the extractor in use."""
        if self.extractor != "one-call":
            return f"{QUESTIONS_VERSION}+{questions_hash()}", questions_hash()
        return f"{PROMPT_VERSION}+{prompt_hash()}", schema_hash()

    def _key(self, article: Article, text: str) -> str:
        model, model_file, mode, _ = self._model()
        return cache_key(
            model,
            model_file,
            mode,
            self.extractor,
            *self._versions(),
            f"reasks={self.max_reasks}",  # the budget changes the digest
            f"code={code_fingerprint()}",  # rules changed since: not the same digest
            text,
            str(article.published),
            article.source or "",
        )

    def summarize(self, article: Article) -> Digest:
        started = time.monotonic()
        text = clean_text(article.text)
        if not text:
            raise InputError(f"{article.id}: nothing but page clutter is left of the article")
        key = self._key(article, text)
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            digest = Digest.model_validate(hit)
            digest.article_id = article.id
            digest.provenance.cached = True
            return digest
        subject = article.model_copy(update={"text": text})
        if self.extractor != "one-call":
            digest = self._structured(subject, started)
        else:
            digest = self._one_call(subject, started)
        digest.article_id = article.id
        if self.cache is not None:
            self.cache.put(key, article.id, digest.to_json_dict())
        return digest

    def _provenance(self, stats: CallStats, started: float, warnings: list[str]) -> Provenance:
        model, _, _, described = self._model()
        prompt_version, schema = self._versions()
        return Provenance(
            model=model,
            backend=described,
            prompt_version=prompt_version,
            schema_version=SCHEMA_VERSION,
            schema_hash=schema,
            usage=Usage(
                prompt_tokens=stats.prompt_tokens, completion_tokens=stats.completion_tokens
            ),
            attempts=stats.attempts,
            seconds=round(time.monotonic() - started, 3),
            warnings=warnings,
        )

    def _structured(self, article: Article, started: float) -> Digest:
        """Code reads the structure; the model answers each sentence's open questions."""
        stats = CallStats()
        warnings: list[str] = []

        def ask(model: type[BaseModel], messages: list[dict[str, str]], max_tokens: int) -> Any:
            try:
                answer, call = self.client.structured(
                    model, messages, max_reasks=0, max_tokens=max_tokens
                )
            except ExtractionError as exc:  # one question lost, not the article
                stats.add(exc.context)
                warnings.append(f"a question to the model got no usable answer: {exc}")
                return None
            stats.add(call.as_dict())
            return answer

        found = extract(article.text, article.published, ask if self._client else None)
        return Digest(
            article_id=article.id,
            published=article.published,
            source=article.source,
            events=found.events,
            figures=found.figures,
            summary=found.summary,
            provenance=self._provenance(stats, started, warnings + found.warnings),
        )

    def _one_call(self, subject: Article, started: float) -> Digest:
        article = subject
        answer, stats, warnings = self._extract(subject)
        checked = review(answer, subject)  # pure code: cheaper than keeping the validator's
        warnings += checked.warnings
        events = group_events(checked.transfers, article.published, warnings)
        summary = Summary(headline=answer.headline.strip(), text=answer.summary.strip())
        if not checked.summary_ok:
            summary = self._repair_summary(subject, checked, events, stats, warnings)
        return Digest(
            article_id=article.id,
            published=article.published,
            source=article.source,
            events=events,
            figures=checked.figures,
            summary=summary,
            provenance=self._provenance(stats, started, warnings),
        )

    def _repair_summary(
        self,
        article: Article,
        checked: Review,
        events: list[Event],
        stats: CallStats,
        warnings: list[str],
    ) -> Summary:
        """A small call that fixes only the summary; if that fails too, or there is no
        re-ask budget, one built from the checked records (neutral and faithful by
        construction, and free)."""
        if self.max_reasks == 0:
            warnings.append(
                "the summary broke a rule and was replaced by one built from the records: "
                + "; ".join(checked.summary_problems)
            )
            return fallback_summary(events, checked.figures)
        records = json.dumps(
            {
                "events": [
                    e.model_dump(mode="json", by_alias=True, exclude={"evidence"}) for e in events
                ],
                "figures": [
                    f.model_dump(mode="json", exclude={"evidence"}) for f in checked.figures
                ],
            },
            ensure_ascii=False,
        )
        fix = summary_fix_messages(article, records, checked.summary_problems)
        try:
            fixed, fix_stats = self.client.structured(
                LLMSummary,
                fix,
                context={"check": summary_check(article, checked)},
                max_reasks=self.max_reasks,
                max_tokens=400,
            )
        except ExtractionError as exc:
            stats.add(exc.context)
            warnings.append(
                "the summary broke a rule even after repair and was replaced by "
                "one built from the records: " + "; ".join(checked.summary_problems)
            )
            return fallback_summary(events, checked.figures)
        stats.add(fix_stats.as_dict())
        warnings.append("summary repaired: " + "; ".join(checked.summary_problems))
        return Summary(headline=fixed.headline.strip(), text=fixed.summary.strip())

    def _extract(self, article: Article) -> tuple[LLMDigest, CallStats, list[str]]:
        """The model's answer, re-asked on broken rules; after the budget, its last try."""
        try:
            answer, stats = self.client.structured(
                LLMDigest,
                messages(article),
                context={"check": digest_check(article)},
                max_reasks=self.max_reasks,
            )
            return answer, stats, []
        except ExtractionError as exc:
            usage = exc.context.get("usage") or {}
            stats = CallStats(
                attempts=int(exc.context.get("attempts") or 0),
                prompt_tokens=int(usage.get("prompt_tokens", 0)),
                completion_tokens=int(usage.get("completion_tokens", 0)),
            )
            # newest first: a re-ask can run away into a cut-off answer while an
            # earlier one still parses
            for n, raw in reversed(list(enumerate(exc.context.get("outputs") or [], 1))):
                try:
                    answer = LLMDigest.model_validate_json(raw)  # no context: shape only
                except ValidationError:
                    continue
                note = (
                    f"rules still broken after {stats.attempts} attempts; kept attempt {n} "
                    "minus the items that fail them"
                )
                return answer, stats, [note]
            raise


@dataclass
class BatchReport:
    succeeded: int = 0
    failed: int = 0
    cached: int = 0
    failures: list[ArticleFailure] = field(default_factory=list)


def failure_for(article: Article, exc: BaseException) -> ArticleFailure:
    message = str(exc) if isinstance(exc, SummarizerError) else f"internal error: {exc!r}"
    return ArticleFailure(
        article_id=article.id, error=message, error_type=type(exc).__name__, source=article.source
    )


def run_batch(
    items: Iterable[Loaded],
    summarizer: Summarizer,
    on_result: Callable[[Result], None],
    concurrency: int = 1,
) -> BatchReport:
    """Digest every article; one article's failure never stops the batch (the local
    model or server failing does: ``SummarizerError.stops_batch``). Results are handed
    to *on_result* (in the caller's thread) as each article finishes."""
    report = BatchReport()

    def deliver(result: Result) -> None:
        if isinstance(result, ArticleFailure):
            report.failed += 1
            report.failures.append(result)
        else:
            report.succeeded += 1
            report.cached += int(result.provenance.cached)
        on_result(result)

    def settle(done: Iterable[Future[Digest]], owners: dict[Future[Digest], Article]) -> None:
        for future in done:
            article = owners.pop(future)
            exc = future.exception()
            if isinstance(exc, SummarizerError) and exc.stops_batch:
                raise exc  # the local model or server failed: no later article would do
            if exc is not None and not isinstance(exc, SummarizerError):
                log.error("unexpected error on %s", article.id, exc_info=exc)
            deliver(failure_for(article, exc) if exc is not None else future.result())

    owners: dict[Future[Digest], Article] = {}
    pool = ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="summarize")
    try:
        for item in items:
            if isinstance(item, ArticleFailure):
                deliver(item)
                continue
            owners[pool.submit(summarizer.summarize, item)] = item
            if len(owners) >= max(1, concurrency):
                done, _ = wait(list(owners), return_when=FIRST_COMPLETED)
                settle(done, owners)
        while owners:
            done, _ = wait(list(owners), return_when=FIRST_COMPLETED)
            settle(done, owners)
    except BaseException as exc:
        # interrupted, or the local server failed: do not wait minutes for in-flight LLM
        # calls; the caller stops the server, which ends them, and (interrupted) no
        # transport retry starts another
        if not (isinstance(exc, SummarizerError) and exc.stops_batch):
            stop_retrying()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return report
