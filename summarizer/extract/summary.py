"""The summary, written from the checked records only.

Why a template: a summary the model wrote from the raw article carried the outlet's
framing ("seen as a significant step") past every check. Built from records, each
sentence states one record with its source, so every sentence is backed by a record and
every number by the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.schemas import CATEGORY_PHRASES, Event, Figure, Summary, Transfer

_VERB = {
    "completed": "handed over",
    "announced": "is to hand over",
    "proposed": "offered to hand over",
}
_FIGURE = {
    "cumulative_total": "a running total of {v}",
    "still_held": "{v} still held",
    "casualties": "a casualty figure of {v}",
    "exchange_ordinal": "this as exchange number {v}",
    "other": "a figure of {v}",
}
MAX_SENTENCES = 5
MAX_WORDS = 120


def _names(names: Sequence[str]) -> str:
    """'the International Committee of the Red Cross and Turkey'."""
    the = ("International", "United")
    return " and ".join(f"the {n}" if n.startswith(the) else n for n in names)


def _according(names: Sequence[str]) -> str:
    return f"according to {' and '.join(names)}" if names else "the article reported"


def _amount(t: Transfer) -> str:
    n = f"{t.count:,}" if t.count is not None else "an unstated number of"
    text = CATEGORY_PHRASES[t.category].format(n=n)
    return text.replace("the remains of an unstated number of", "an unstated number of remains")


def _when(event: Event) -> str:
    """The article's own words for the day: a summary states no number the article does
    not (grounding rule 5), and an ISO date would add some."""
    if not event.date_text:
        return ""
    words = event.date_text.strip()
    if re.match(r"(?i)(on|in|at|during|since|last|earlier|this|early|late|mid)\b", words):
        return f" {words[0].lower()}{words[1:]}"
    return f" on {words}"


def _event_sentence(event: Event, t: Transfer) -> str:
    via = f" with the help of {_names(event.mediators)}" if event.mediators else ""
    flow = f"{t.from_} {_VERB[event.status]} {_amount(t)} to {t.to}"
    return f"{flow}{_when(event)}{via}, {_according(t.reported_by)}."


def summarize_records(events: Sequence[Event], figures: Sequence[Figure]) -> Summary:
    """Headline and 2–5 sentences, each stating one record with its source."""
    sentences: list[str] = []
    for event in sorted(
        events, key=lambda e: ("completed", "announced", "proposed").index(e.status)
    ):
        for t in event.transfers:
            sentences.append(_event_sentence(event, t))
    for f in figures:
        if f.kind in ("cumulative_total", "still_held"):
            sentences.append(
                f"{_according(f.reported_by)[0].upper()}{_according(f.reported_by)[1:]}, "
                f"{f.description} numbered {f.value:,}."
            )
    text_sentences: list[str] = []
    words = 0
    for s in sentences:
        n = len(s.split())
        if len(text_sentences) >= MAX_SENTENCES or words + n > MAX_WORDS:
            break
        text_sentences.append(s)
        words += n
    if not text_sentences:
        text_sentences = [
            "The article reports no handover of prisoners, hostages, detainees or remains."
        ]
    if len(text_sentences) == 1:
        text_sentences.append(
            "No other handover is reported."
            if events
            else "No figures about such exchanges were found."
        )
    return Summary(headline=_headline(events), text=" ".join(text_sentences))


def _headline(events: Sequence[Event]) -> str:
    if not events:
        return "No prisoner, hostage or remains handover reported"
    event = next((e for e in events if e.status == "completed"), events[0])
    sides = list(dict.fromkeys(s for t in event.transfers for s in (t.from_, t.to)))
    kinds = {t.category for t in event.transfers}
    kind = (
        {
            "remains": "remains",
            "prisoners_of_war": "prisoners of war",
            "hostages": "hostages",
            "civilians": "civilians",
            "detainees": "detainees",
        }.get(next(iter(kinds)), "people")
        if len(kinds) == 1
        else "captives and remains"
    )
    both = len({(t.from_, t.to) for t in event.transfers}) > 1
    verb = {
        "completed": "exchange" if both else "hands over",
        "announced": "to exchange" if both else "to hand over",
        "proposed": "offer to exchange" if both else "offers to hand over",
    }[event.status]
    if both:
        return f"{sides[0]} and {sides[1]} {verb} {kind}"
    t = event.transfers[0]
    return f"{t.from_} {verb} {kind} to {t.to}"
