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


_HELPED = {
    "completed": "helped with the handover",
    "announced": "is to help with the handover",
    "proposed": "would help with the handover",
}
_RECEIVED = {
    "completed": "received them",
    "announced": "is to receive them",
    "proposed": "would receive them",
}


def _event_sentence(event: Event, t: Transfer, *, mediators: bool = True) -> str:
    via = f" with the help of {_names(event.mediators)}" if event.mediators and mediators else ""
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
    handovers = len(sentences)
    for f in figures:
        if f.kind in ("cumulative_total", "still_held"):
            sentences.append(f"{_capital(_according(f.reported_by))}, {_figure_clause(f)}.")
    text_sentences: list[str] = []
    words = 0
    for s in sentences:
        n = len(s.split())
        if len(text_sentences) >= MAX_SENTENCES or words + n > MAX_WORDS:
            break
        text_sentences.append(s)
        words += n
    if not text_sentences:  # no record, or one sentence longer than the word limit
        text_sentences = sentences[:1] or [NO_HANDOVER]
    if len(text_sentences) == 1:  # the contract asks for 2 to 5 sentences
        text_sentences = _two_sentences(
            text_sentences[0], events, figures, len(text_sentences) < handovers, words
        )
    return Summary(headline=_headline(events), text=" ".join(text_sentences))


NO_HANDOVER = "The article reports no handover of prisoners, hostages, detainees or remains."


def _capital(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}"


def _figure_clause(f: Figure) -> str:
    return f"{f.description} numbered {f.value:,}"


def _two_sentences(
    first: str, events: Sequence[Event], figures: Sequence[Figure], cut: bool, words: int
) -> list[str]:
    """Two sentences where the records fill one (the contract asks for 2 to 5), each
    backed by the records: never filler the records do not back ("no other handover is
    reported" is a claim about the article that one record cannot make: a group whose
    direction was left open has no record) or contradict ("no figures" beside one)."""
    if cut:  # a handover did not fit the word limit
        return [first, "The article reports more handovers."]
    stated = ("cumulative_total", "still_held")  # the figure kinds a summary states
    ordinal = next((f for f in figures if f.kind == "exchange_ordinal"), None)
    if ordinal is not None:  # the article's own words, e.g. "the 65th exchange"
        phrase = re.sub(r"(?i)^the\s+", "", ordinal.description.strip())
        return [first, f"The article refers to the {phrase}."]
    if not events:  # the one sentence is a figure, or says there is no handover
        if any(f.kind in stated for f in figures):
            return [first, NO_HANDOVER]
        if figures:
            return [first, "The figures it gives are not handover counts."]
        return [first, "No figures about such exchanges were found."]
    if any(f.kind in stated for f in figures):  # a figure did not fit beside the handover
        return [first, "The article reports more figures."]
    event = events[0]  # one handover: its mediators, or its receiving side, on their own
    (t,) = event.transfers
    if event.mediators:
        helped = f"{_capital(_names(event.mediators))} {_HELPED[event.status]}."
        return [_event_sentence(event, t, mediators=False), helped]
    return [first, f"{t.to} {_RECEIVED[event.status]}."]


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
