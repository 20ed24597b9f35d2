"""Reviewed items → contract records: group transfers into events, and a fallback summary.

Grouping is the contract's definition of an event (same day or stated
operation, same pair of sides, same status), done in code so the model does not
have to count occasions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from summarizer.grounding import date_problem
from summarizer.oneshot.review import EventInfo
from summarizer.schemas import CATEGORY_PHRASES, Event, Figure, Summary, Transfer


def group_events(
    items: Sequence[tuple[Transfer, EventInfo]],
    published: dt.date | None,
    warnings: list[str],
) -> list[Event]:
    """One event per (status, day, pair of sides); order of first mention kept."""
    groups: dict[tuple[str, str, frozenset[str]], list[tuple[Transfer, EventInfo]]] = {}
    for transfer, info in items:
        date = info.date
        if (problem := date_problem(date, info.status, published)) is not None:
            warnings.append(f"date dropped: {problem}")
            date = None
        info = EventInfo(info.status, date, info.date_text, info.mediators, info.location)
        day = date.isoformat() if date else (info.date_text or "").strip().lower()
        key = (info.status, day, frozenset((transfer.from_, transfer.to)))
        groups.setdefault(key, []).append((transfer, info))
    events = []
    for members in groups.values():
        infos = [info for _, info in members]
        transfers = [t for t, _ in members]
        events.append(
            Event(
                status=infos[0].status,  # type: ignore[arg-type]
                date=next((i.date for i in infos if i.date), None),
                date_text=next((i.date_text for i in infos if i.date_text), None),
                transfers=transfers,
                mediators=list(dict.fromkeys(m for i in infos for m in i.mediators)),
                location=next((i.location for i in infos if i.location), None),
                evidence=list(dict.fromkeys(t.evidence for t in transfers)),
            )
        )
    return events


def _source_phrase(names: Sequence[str]) -> str:
    if not names:
        return "the article reported"
    return f"according to {' and '.join(names)}"


def fallback_summary(events: Sequence[Event], figures: Sequence[Figure]) -> Summary:
    """A plain, always-neutral summary built from validated records only.

    Used when the model's own summary still breaks a rule after the re-ask
    budget: worse prose, but every number is grounded and attributed.
    """
    sentences = []
    for event in events[:4]:
        for t in event.transfers[:2]:
            amount = CATEGORY_PHRASES[t.category].format(
                n=t.count if t.count is not None else "an unstated number of"
            )
            verb = {
                "completed": "handed over",
                "announced": "is to hand over",
                "proposed": "was offered to hand over",
            }[event.status]
            when = f" {event.date_text}" if event.date_text else ""
            sentences.append(
                f"{t.from_} {verb} {amount} to {t.to}{when}, {_source_phrase(t.reported_by)}."
            )
    for figure in figures[: max(0, 5 - len(sentences))]:
        sentences.append(
            f"{figure.description[:1].upper()}{figure.description[1:]}: "
            f"{figure.value}, {_source_phrase(figure.reported_by)}."
        )
    if not sentences:
        sentences = [
            "The article reports no handover of prisoners, hostages, detainees or remains.",
            "No figures about such exchanges were found.",
        ]
    elif len(sentences) == 1:
        sentences.append("No other figures were found.")
    sentences = sentences[:5]
    if events:
        first = events[0].transfers[0]
        headline = f"{first.from_} and {first.to}: handover of {first.category.replace('_', ' ')}"
    else:
        headline = "No prisoner or remains exchange reported"
    return Summary(headline=headline, text=" ".join(sentences))
