"""What a merged dataset holds: exchanges, their flows, every source's figure, links.

Plain dataclasses, not pydantic: these are built by code from validated digests and
only ever serialised by :mod:`summarizer.merge.export` and :mod:`summarizer.merge.store`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from summarizer.schemas import Digest, Event

Precision = Literal["day", "month", "week", "announcement", "unknown"]
LinkKind = Literal["announced_then_completed", "proposed_then_announced", "proposed_then_completed"]


@dataclass(frozen=True)
class Window:
    """The days an event can have happened on, as precisely as its article allows."""

    start: dt.date | None
    end: dt.date | None
    precision: Precision

    @property
    def known(self) -> bool:
        return self.start is not None and self.end is not None

    @property
    def is_day(self) -> bool:
        return self.precision == "day"

    def overlaps(self, other: Window) -> bool:
        if not (self.known and other.known):
            return False
        assert self.start and self.end and other.start and other.end
        return self.start <= other.end and other.start <= self.end

    def describe(self) -> str:
        if not self.known:
            return "date unknown"
        assert self.start and self.end
        if self.start == self.end:
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.strftime("%B %Y")
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True)
class ArticleRef:
    """An article as the dataset knows it: where it came from and the digest's checksum."""

    article_id: str
    source: str | None
    published: dt.date | None
    headline: str
    digest_sha256: str
    digest: Digest = field(compare=False, repr=False)


@dataclass(frozen=True)
class EventRef:
    """One event as one article reports it; ``key`` is ``article_id#n`` (n from 1)."""

    article: ArticleRef
    index: int
    event: Event
    window: Window

    @property
    def key(self) -> str:
        return f"{self.article.article_id}#{self.index}"

    @property
    def parties(self) -> frozenset[str]:
        return frozenset(p for t in self.event.transfers for p in (t.from_, t.to))


@dataclass(frozen=True)
class SourceFigure:
    """One source's number for one flow, in one article, with the words that state it.

    ``said_by`` is who said it in the article's own words (the outlet when it speaks in its
    own voice); ``source_label`` is the same source as the whole dataset labels it, so that
    one ministry spelt three ways by three outlets is one source
    (:func:`summarizer.source_names.source_labels`).
    """

    said_by: str
    source_label: str
    own_voice: bool  # the article states it without naming a source
    count: int | None
    qualifier: str
    category: str  # as the source gave it (``mixed`` may sit in a narrower flow)
    unverified: bool
    article_id: str
    event_key: str
    evidence: str

    def phrase(self) -> str:
        words = {"exact": "", "at_least": "at least ", "more_than": "more than ",
                 "about": "about ", "up_to": "up to "}
        number = "no number" if self.count is None else f"{words[self.qualifier]}{self.count}"
        return number + (" (mixed categories)" if self.category == "mixed" else "")


@dataclass
class Flow:
    """People or remains going one way in one exchange, with every source's figure."""

    from_: str
    to: str
    category: str
    figures: list[SourceFigure] = field(default_factory=list)

    @property
    def counts(self) -> list[int]:
        return sorted({f.count for f in self.figures if f.count is not None})

    @property
    def disagreement(self) -> bool:
        return len(self.counts) > 1

    def disagreement_note(self) -> str:
        """"X says 150; Y says 189": every figure side by side, none picked or averaged.

        Sources go by their labels, so two outlets' spellings of one ministry are one name.
        """
        if not self.disagreement:
            return ""
        by_number: dict[str, list[str]] = {}
        for f in self.figures:
            if f.count is not None:
                number = f.phrase().removesuffix(" (mixed categories)")
                who = f.source_label + (" (one number for several categories)"
                                   if f.category == "mixed" else "")
                names = by_number.setdefault(number, [])
                if who not in names:
                    names.append(who)
        return "; ".join(f"{_and(names)} {'say' if len(names) > 1 else 'says'} {number}"
                         for number, names in by_number.items())


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass
class Exchange:
    """One occasion: the events of many articles that report the same handover."""

    exchange_id: str
    status: str
    window: Window
    sides: tuple[str, ...]
    events: list[EventRef]
    flows: list[Flow]

    @property
    def date(self) -> dt.date | None:
        return self.window.start if self.window.is_day else None

    @property
    def article_ids(self) -> list[str]:
        return sorted({e.article.article_id for e in self.events})

    @property
    def mediators(self) -> list[str]:
        return sorted({m for e in self.events for m in e.event.mediators})

    @property
    def locations(self) -> list[str]:
        return sorted({e.event.location for e in self.events if e.event.location})

    @property
    def agreements(self) -> list[str]:
        return sorted({e.event.agreement for e in self.events if e.event.agreement})

    @property
    def categories(self) -> list[str]:
        return sorted({f.category for f in self.flows})

    @property
    def disagreements(self) -> list[Flow]:
        return [f for f in self.flows if f.disagreement]

    def label(self) -> str:
        return f"{self.window.describe()} {' – '.join(self.sides)} ({self.status})"


@dataclass(frozen=True)
class Link:
    """An earlier stage (announcement, proposal) and the exchange that followed it."""

    earlier: str
    later: str
    kind: LinkKind
    reason: str


@dataclass(frozen=True)
class Decision:
    """Why two events were or were not taken for the same occasion."""

    a: str
    b: str
    merged: bool
    reasons: tuple[str, ...]

    def line(self) -> str:
        verdict = "MERGED" if self.merged else "apart "
        return f"{verdict} {self.a} + {self.b}: " + "; ".join(self.reasons)


@dataclass
class Dataset:
    """Everything a merge produces; the outputs are views of this."""

    articles: list[ArticleRef]
    exchanges: list[Exchange]
    links: list[Link]
    decisions: list[Decision]

    def exchange_of(self) -> dict[str, str]:
        """event key -> exchange id."""
        return {e.key: x.exchange_id for x in self.exchanges for e in x.events}
