"""``eval``: digest every fixture, score it, compare with a baseline, enforce thresholds."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.api import open_summarizer
from summarizer.config import Backend, BackendKind, default_max_reasks
from summarizer.errors import ConfigError
from summarizer.evaluation.fixtures import Fixture, load_splits
from summarizer.evaluation.scoring import ArticleScore, aggregate, score_article, score_failure
from summarizer.oneshot.llm_schema import schema_hash
from summarizer.oneshot.prompts import PROMPT_VERSION, prompt_hash
from summarizer.pipeline import run_batch
from summarizer.recording import REPLAY_URL, cassette, recorded_mode
from summarizer.schemas import ArticleFailure, Result

# metrics where a lower value is better (for "what got worse")
LOWER_IS_BETTER = ("summary.neutrality_violations", "failed", "cost.")
HEADLINE_METRICS = (
    "validation.transfers.f1",
    "validation.transfers.recall",
    "validation.figures.f1",
    "transfers.f1",
    "transfers.precision",
    "transfers.recall",
    "events.f1",
    "figures.f1",
    "attribution",
    "grounding",
    "summary.faithfulness",
    "summary.coverage",
    "summary.attribution_coverage",
    "summary.neutrality_violations",
    "event_fields.status",
    "event_fields.date",
    "failed",
    "cost.mean.seconds",
    "cost.mean.prompt_tokens",
    "cost.mean.completion_tokens",
    "cost.mean.attempts",
)


@dataclass
class EvalRun:
    report: dict[str, Any]
    scores: list[ArticleScore]
    digests: dict[str, dict[str, Any]] = field(default_factory=dict)
    fixtures: list[Fixture] = field(default_factory=list)


def run_eval(
    fixtures_dir: Path,
    backend: Backend,
    *,
    replay: Path | None = None,
    record: Path | None = None,
    max_reasks: int | None = None,
    on_article: Callable[[ArticleScore], None] | None = None,
    extractor: str = "structured",
) -> EvalRun:
    """Digest and score every fixture in *fixtures_dir* (any directory in the fixture
    format) and in its ``validation/`` folder, reported side by side."""
    splits = load_splits(fixtures_dir)
    fixtures = [f for members in splits.values() for f in members]
    if not fixtures:
        raise ConfigError(f"no fixtures (<id>.yaml beside <id>.txt) in {fixtures_dir}")
    by_id = {f.id: f for f in fixtures}
    scores: dict[str, ArticleScore] = {}
    digests: dict[str, dict[str, Any]] = {}

    def on_result(result: Result) -> None:
        fixture = by_id[result.article_id]
        if isinstance(result, ArticleFailure):
            score = score_failure(fixture, result.error)
        else:
            digests[result.article_id] = result.to_json_dict()
            score = score_article(digests[result.article_id], fixture)
        scores[result.article_id] = score
        if on_article is not None:
            on_article(score)

    if max_reasks is None:  # decided by the backend the cassette was recorded from
        max_reasks = default_max_reasks(backend)
    if replay is not None and backend.kind is BackendKind.LOCAL:
        # replay needs no server: requests go to the normalised URL the cassette holds,
        # in the mode they were recorded in
        backend = dataclasses.replace(
            backend,
            kind=BackendKind.COMPATIBLE,
            base_url=REPLAY_URL,
            mode=recorded_mode(replay) or backend.mode,
        )
    started = time.monotonic()
    articles = [f.article() for f in fixtures]
    tape = replay or record
    # the local server starts on the first question, inside the recording; its health
    # checks and speed warm-up carry recording.HOUSEKEEPING_HEADER and stay off the tape
    with open_summarizer(
        backend, use_cache=False, max_reasks=max_reasks, extractor=extractor
    ) as summarizer:
        recorder = cassette(tape, record=record is not None) if tape else contextlib.nullcontext()
        with recorder:
            run_batch(articles, summarizer, on_result)
    ordered = [scores[f.id] for f in fixtures]
    overall = aggregate(ordered)
    if len(splits) > 1:  # thresholds may name a split: validation.transfers.f1
        for split, members in splits.items():
            overall[split] = aggregate([scores[f.id] for f in members])
    report = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "model": backend.model,
        "backend": backend.kind.value,
        "prompt_version": f"{PROMPT_VERSION}+{prompt_hash()}",
        "schema_hash": schema_hash(),
        "fixtures": str(fixtures_dir),
        "replayed": replay is not None,
        "wall_seconds": round(time.monotonic() - started, 2),
        "extractor": extractor,
        "splits": {split: [f.id for f in members] for split, members in splits.items()},
        "overall": overall,
        "articles": {s.article_id: s.as_dict() for s in ordered},
    }
    return EvalRun(report, ordered, digests, fixtures)


def metric(tree: dict[str, Any], name: str) -> float | None:
    """``transfers.f1`` → tree["transfers"]["f1"]; None when absent."""
    node: Any = tree
    for part in name.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return float(node) if isinstance(node, int | float) else None


def _lower_is_better(name: str) -> bool:
    return any(name == m or (m.endswith(".") and name.startswith(m)) for m in LOWER_IS_BETTER)


@dataclass(frozen=True)
class Change:
    scope: str  # "overall" or an article id
    metric: str
    before: float | None
    after: float | None

    @property
    def better(self) -> bool | None:
        if self.before is None or self.after is None or self.before == self.after:
            return None
        return (self.after < self.before) == _lower_is_better(self.metric)


def compare(report: dict[str, Any], baseline: dict[str, Any]) -> list[Change]:
    """What moved between *baseline* and *report*, overall and per article."""
    changes = [
        Change("overall", m, metric(baseline["overall"], m), metric(report["overall"], m))
        for m in HEADLINE_METRICS
    ]
    for article_id, now in report["articles"].items():
        before = baseline.get("articles", {}).get(article_id)
        if before is None:
            continue
        for m in ("transfers.f1", "figures.f1", "attribution", "summary.faithfulness"):
            changes.append(Change(article_id, m, metric(before, m), metric(now, m)))
    return [c for c in changes if c.before != c.after]


@dataclass(frozen=True)
class Threshold:
    metric: str
    value: float

    @classmethod
    def parse(cls, text: str) -> Threshold:
        name, sep, value = text.partition("=")
        try:
            return cls(name.strip(), float(value)) if sep else cls._bad(text)
        except ValueError:
            return cls._bad(text)

    @staticmethod
    def _bad(text: str) -> Threshold:
        raise ConfigError(
            f"threshold {text!r}: expected METRIC=NUMBER, e.g. transfers.f1=0.4",
            options=("fail_under",),
        )

    def failure(self, overall: dict[str, Any]) -> str | None:
        value = metric(overall, self.metric)
        if value is None:
            return f"{self.metric}: no such metric in the report"
        if _lower_is_better(self.metric):
            return None if value <= self.value else f"{self.metric} = {value:.3f} > {self.value}"
        return None if value >= self.value else f"{self.metric} = {value:.3f} < {self.value}"


def failed_thresholds(report: dict[str, Any], thresholds: Sequence[Threshold]) -> list[str]:
    """Messages for every threshold the report misses (lower-is-better metrics are maxima)."""
    return [msg for t in thresholds if (msg := t.failure(report["overall"])) is not None]
