"""The contract's Scoring section: a digest (as ``Digest.to_json_dict()``) against gold.

Pure functions, no I/O and no model, so the numbers ``eval`` reports are
reproducible and testable with hand-made pairs. Gold records marked
``optional`` (or inside an optional event) are neither credited when found nor
penalised when missed: a prediction matching one is dropped from both sides.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from itertools import product
from typing import Any, ClassVar, Self

import numpy as np
from scipy.optimize import linear_sum_assignment

from summarizer.evaluation.fixtures import Fixture
from summarizer.evaluation.sources import sources_match
from summarizer.grounding import evidence_found, names_a_source, number_occurs
from summarizer.neutrality import find_violations
from summarizer.normalize import normalize_party, numbers_in
from summarizer.text import sentences

Record = Mapping[str, Any]

_REQUIRED, _OPTIONAL = 1e6, 1e3  # lexicographic: credited matches, then optional ones


class _Counts:
    """Field-wise addition (to total articles) and a plain-dict view."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    def __add__(self, other: Self) -> Self:
        sums = {f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        return replace(self, **sums)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PRF(_Counts):
    """Match counts; precision and recall are 1.0 only when nothing was expected or said."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float(self.fn == 0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float(self.fp == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class EventFields(_Counts):
    """Per-field agreement over paired (credited) events; rates are None with no pairs."""

    pairs: int = 0
    status: int = 0
    date: int = 0
    location: int = 0
    mediators_f1: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        rates = {k: v / self.pairs if self.pairs else None for k, v in asdict(self).items()}
        return {**rates, "pairs": self.pairs}


@dataclass(frozen=True)
class SummaryScore:
    """Rates in 0..1 (1.0 when there is nothing to check) and what lowered them."""

    faithfulness: float
    coverage: float
    neutrality_violations: int
    attribution_coverage: float
    length_ok: bool
    unsupported_numbers: list[int] = field(default_factory=list)
    missing_mentions: list[int] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Cost(_Counts):
    """What the digest took, from its provenance."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class ArticleScore:
    """Everything ``eval`` reports about one article; None marks "nothing to measure"."""

    article_id: str
    transfers: PRF
    events: PRF
    event_fields: EventFields
    figures: PRF
    attribution: float | None
    summary: SummaryScore | None
    grounding: float | None
    cost: Cost
    error: str | None = None
    missed_transfers: list[str] = field(default_factory=list)
    spurious_transfers: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.error is not None

    def as_dict(self) -> dict[str, Any]:
        parts = {"transfers": self.transfers, "events": self.events, "figures": self.figures}
        return {
            **asdict(self),
            "failed": self.failed,
            "event_fields": self.event_fields.as_dict(),
            **{name: prf.as_dict() for name, prf in parts.items()},
        }


# --- transfers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Flow:
    event: int
    record: Record
    optional: bool

    @property
    def sources(self) -> list[str]:
        return list(self.record.get("reported_by") or [])

    def describe(self) -> str:
        t = self.record
        return f"{t.get('from')} -> {t.get('to')}: {t.get('count')} {t.get('category')}"


def flows(events: Sequence[Record], *, gold: bool) -> list[Flow]:
    return [
        Flow(i, t, gold and bool(t.get("optional") or e.get("optional")))
        for i, e in enumerate(events)
        for t in e.get("transfers") or []
    ]


# "the Movement of Democratic Forces of Casamance, MFDC,", "the South Lebanon Army (SLA)"
_DECLARED = re.compile(
    r"(?P<name>[A-Z][\w'’-]*(?:[ -]+(?:(?:of|the|for|and|de|al|el)[ -]+)*[A-Z][\w'’-]*){1,8})"
    r"\s*(?:\(|,\s+)(?P<short>[A-Z]{2,8})(?=[),])"
)


def declared_acronyms(text: str) -> dict[str, str]:
    """Name -> acronym, where the article itself introduces a name with its acronym: the
    two are one side, whichever one the gold or the digest uses. The words before the
    name may be caught with it ("Fighters of the West Papua National Liberation Army
    (TPNPB)"), so each tail of the name that starts with a capital maps too."""
    names: dict[str, str] = {}
    for m in _DECLARED.finditer(text):
        words = m.group("name").split()
        for i, word in enumerate(words):
            tail = " ".join(words[i:])
            capitals = sum(w[:1].isupper() for w in words[i:])
            if word[:1].isupper() and (i == 0 or (capitals >= 3 and not _known(tail))):
                names.setdefault(tail, m.group("short"))
    return names


def _known(name: str) -> bool:
    """A side the tables know under this name ("National Liberation Army" is the ELN)."""
    return normalize_party(name) != name


def transfers_match(
    gold: Record, predicted: Record, aliases: Mapping[str, str] | None = None
) -> bool:
    """The contract's rule: from, to, count equal after normalisation; category or mixed.
    *aliases* are the article's declared acronyms (`declared_acronyms`)."""
    known = aliases or {}
    for side in ("from", "to"):
        g, p = str(gold.get(side)), str(predicted.get(side))
        if normalize_party(known.get(g, g)) != normalize_party(known.get(p, p)):
            return False
    categories = {gold.get("category"), predicted.get("category")}
    return gold.get("count") == predicted.get("count") and (
        len(categories) == 1 or "mixed" in categories
    )


def match_transfers(
    gold: Sequence[Flow], pred: Sequence[Flow], aliases: Mapping[str, str] | None = None
) -> list[tuple[int, int]]:
    """Optimal one-to-one pairs (gold index, predicted index): most credited matches first.

    Among equal matchings, exact categories and agreeing sources are preferred,
    so attribution is judged on the pairing a reader would draw.
    """
    weight = np.zeros((len(gold), len(pred)))
    for (i, g), (j, p) in product(enumerate(gold), enumerate(pred)):
        if transfers_match(g.record, p.record, aliases):
            exact = g.record.get("category") == p.record.get("category")
            bonus = 0.5 * exact + 0.25 * sources_match(g.sources, p.sources)
            weight[i, j] = (_OPTIONAL if g.optional else _REQUIRED) + bonus
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return [(i, j) for i, j in zip(rows.tolist(), cols.tolist(), strict=True) if weight[i, j] > 0]


# --- events -------------------------------------------------------------------------


def _iso(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


def _location(value: Any) -> str | None:
    return " ".join(str(value or "").split()).strip(" .").casefold() or None


def set_f1(gold: Iterable[str], predicted: Iterable[str]) -> float:
    """F1 of two name sets after party normalisation; two empty sets agree fully."""
    g, p = {normalize_party(x) for x in gold}, {normalize_party(x) for x in predicted}
    return 2 * len(g & p) / (len(g) + len(p)) if g or p else 1.0


def _event_fields(g: Record, p: Record) -> EventFields:
    return EventFields(
        pairs=1,
        status=int(g.get("status") == p.get("status")),
        date=int(_iso(g.get("date")) == _iso(p.get("date"))),
        location=int(_location(g.get("location")) == _location(p.get("location"))),
        mediators_f1=set_f1(g.get("mediators") or [], p.get("mediators") or []),
    )


def score_events(
    gold_events: Sequence[Record],
    pred_events: Sequence[Record],
    gold: Sequence[Flow],
    pred: Sequence[Flow],
    pairs: Sequence[tuple[int, int]],
) -> tuple[PRF, EventFields]:
    """Hungarian pairing on the share (Jaccard) of matched transfers between two events.

    A pair counts only when it shares a matched transfer; status and date agreement
    break ties. Pairs with an optional gold event are dropped from both sides.
    """
    links = Counter((gold[i].event, pred[j].event) for i, j in pairs)
    matched = {i for i, _ in pairs}
    gold_sizes = Counter(g.event for i, g in enumerate(gold) if not g.optional or i in matched)
    pred_sizes = Counter(p.event for p in pred)
    share = np.zeros((len(gold_events), len(pred_events)))
    for (i, j), shared in links.items():
        g, p = gold_events[i], pred_events[j]
        tie = (g.get("status") == p.get("status")) + (_iso(g.get("date")) == _iso(p.get("date")))
        share[i, j] = shared / (gold_sizes[i] + pred_sizes[j] - shared) + 1e-3 * tie
    rows, cols = linear_sum_assignment(share, maximize=True)
    paired = [(i, j) for i, j in zip(rows.tolist(), cols.tolist(), strict=True) if (i, j) in links]
    fields = EventFields()
    for i, j in paired:
        if not gold_events[i].get("optional"):
            fields += _event_fields(gold_events[i], pred_events[j])
    paired_gold = {i for i, _ in paired}
    missed = [e for i, e in enumerate(gold_events) if i not in paired_gold]
    fn = sum(not e.get("optional") for e in missed)
    return PRF(fields.pairs, len(pred_events) - len(paired), fn), fields


# --- figures, summary, grounding, cost ---------------------------------------------


def score_figures(gold: Sequence[Record], pred: Sequence[Record]) -> PRF:
    """P/R/F1 on (kind, value); a prediction takes a credited gold figure before an optional."""
    required = [(f.get("kind"), f.get("value")) for f in gold if not f.get("optional")]
    optional = [(f.get("kind"), f.get("value")) for f in gold if f.get("optional")]
    tp = fp = 0
    for figure in pred:
        key = (figure.get("kind"), figure.get("value"))
        if key in required:
            required.remove(key)
            tp += 1
        elif key in optional:
            optional.remove(key)
        else:
            fp += 1
    return PRF(tp, fp, len(required))


def score_summary(digest: Record, article_text: str, must_mention: Sequence[int]) -> SummaryScore:
    """Numbers grounded and required ones stated, neutral wording, sources named, length."""
    summary = digest.get("summary") or {}
    headline, text = str(summary.get("headline") or ""), str(summary.get("text") or "")
    stated = sorted(set(numbers_in(text)))
    unsupported = [n for n in stated if not number_occurs(n, article_text)]
    both = f"{headline.rstrip('.!? ')}. {text}"
    missing = [n for n in must_mention if not number_occurs(n, both)]
    records = [t for e in digest.get("events") or [] for t in e.get("transfers") or []]
    records += list(digest.get("figures") or [])
    sources = {s.lower() for r in records for s in r.get("reported_by") or [] if s.strip()}
    counted = [s for s in sentences(text) if numbers_in(s)]
    attributed = [s for s in counted if names_a_source(s, sources)]
    n_sentences, violations = len(sentences(text)), find_violations(both)
    length_ok = len(headline.split()) <= 15 and 2 <= n_sentences <= 5 and len(text.split()) <= 120
    return SummaryScore(
        faithfulness=(len(stated) - len(unsupported)) / len(stated) if stated else 1.0,
        coverage=(len(must_mention) - len(missing)) / len(must_mention) if must_mention else 1.0,
        neutrality_violations=len(violations),
        attribution_coverage=len(attributed) / len(counted) if counted else 1.0,
        length_ok=length_ok,
        unsupported_numbers=unsupported,
        missing_mentions=missing,
        violations=[f"{v.rule}: {v.term}" for v in violations],
    )


def evidence_strings(digest: Record) -> list[str]:
    """Every evidence quote in a digest: events', transfers' and figures' (empty ones too)."""
    quotes: list[Any] = []
    for event in digest.get("events") or []:
        quotes += event.get("evidence") or []
        quotes += [t.get("evidence") for t in event.get("transfers") or []]
    quotes += [f.get("evidence") for f in digest.get("figures") or []]
    return [q for q in quotes if isinstance(q, str)]


def grounding_rate(digest: Record, article_text: str) -> float:
    """Share of evidence quotes found in the article (1.0 when the digest quotes nothing)."""
    quotes = evidence_strings(digest)
    found = sum(evidence_found(q, article_text) for q in quotes)
    return found / len(quotes) if quotes else 1.0


def cost_of(digest: Record) -> Cost:
    provenance = digest.get("provenance") or {}
    usage = provenance.get("usage") or {}
    tokens = {k: int(usage.get(k, 0)) for k in ("prompt_tokens", "completion_tokens")}
    attempts, seconds = int(provenance.get("attempts", 0)), float(provenance.get("seconds", 0))
    return Cost(**tokens, attempts=attempts, seconds=seconds)


# --- articles ------------------------------------------------------------------------


def score_article(digest: Record, fixture: Fixture) -> ArticleScore:
    """Score one digest (``Digest.to_json_dict()``) against its gold fixture."""
    gold_events, pred_events = fixture.events, list(digest.get("events") or [])
    gold, pred = flows(gold_events, gold=True), flows(pred_events, gold=False)
    pairs = match_transfers(gold, pred, declared_acronyms(fixture.text))
    credited = [(i, j) for i, j in pairs if not gold[i].optional]
    matched_gold, matched_pred = {i for i, _ in pairs}, {j for _, j in pairs}
    missed = [g for i, g in enumerate(gold) if not g.optional and i not in matched_gold]
    attributed = [sources_match(gold[i].sources, pred[j].sources) for i, j in credited]
    events, fields = score_events(gold_events, pred_events, gold, pred, pairs)
    return ArticleScore(
        article_id=fixture.id,
        transfers=PRF(len(credited), len(pred) - len(pairs), len(missed)),
        events=events,
        event_fields=fields,
        figures=score_figures(fixture.figures, list(digest.get("figures") or [])),
        attribution=sum(attributed) / len(attributed) if attributed else None,
        summary=score_summary(digest, fixture.text, fixture.summary_must_mention),
        grounding=grounding_rate(digest, fixture.text),
        cost=cost_of(digest),
        missed_transfers=[g.describe() for g in missed],
        spurious_transfers=[p.describe() for j, p in enumerate(pred) if j not in matched_pred],
    )


def score_failure(fixture: Fixture, error: str) -> ArticleScore:
    """An article with no digest: every credited gold record counts as missed."""
    empty = score_article({"events": [], "figures": []}, fixture)
    return replace(empty, summary=None, grounding=None, error=error)


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def aggregate(scores: Sequence[ArticleScore]) -> dict[str, Any]:
    """Micro P/R/F1 over all articles, means of per-article rates, cost sums and means."""
    n = len(scores)
    summaries = [s.summary.as_dict() for s in scores if s.summary is not None]
    rates = ("faithfulness", "coverage", "attribution_coverage", "length_ok")
    total = sum((s.cost for s in scores), Cost())
    return {
        "articles": n,
        "failed": sum(s.failed for s in scores),
        **{
            name: sum((getattr(s, name) for s in scores), PRF()).as_dict()
            for name in ("transfers", "events", "figures")
        },
        "event_fields": sum((s.event_fields for s in scores), EventFields()).as_dict(),
        "attribution": _mean(s.attribution for s in scores),
        "grounding": _mean(s.grounding for s in scores),
        "summary": {
            **{rate: _mean(float(s[rate]) for s in summaries) for rate in rates},
            "neutrality_violations": sum(s["neutrality_violations"] for s in summaries),
        },
        "cost": {
            "total": total.as_dict(),
            "mean": {k: (v / n if n else 0.0) for k, v in total.as_dict().items()},
        },
    }
