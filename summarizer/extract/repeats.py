"""The same flow told twice is one record: a headline and its body, two sources' words
for one handover, an announced release later told done. Which repeats merge is decided
here, from sides, count, status, kind and the day or period each sentence names."""

from __future__ import annotations

import re
from dataclasses import replace

from summarizer.extract.readings import Reading
from summarizer.normalize import MONTH_NAMES

_LIVING = {"prisoners_of_war", "detainees", "civilians", "hostages"}


def _same_flow(a: Reading, b: Reading) -> bool:
    """Same sides, count and status, and kinds that agree ("six hostages" in the headline,
    "six people" in the body: a mixed or unstated kind agrees with any; two sentences'
    nouns for the same living captives agree; one sentence's "10 civilians and 10 soldiers"
    are two groups)."""
    if _unnamed(a) or _unnamed(b):
        pass  # "a Russian citizen … will be returned", told twice: the same person
    elif a.mention.count is None and a.date_text != b.date_text:
        return False  # named people freed on different days are different handovers
    days = _named_day(a.date_text), _named_day(b.date_text)
    if None not in days and days[0] != days[1]:
        return False  # "two people on Friday", "two police officers on Sunday": two handovers
    periods = _period(a.date_text), _period(b.date_text)
    if any(periods) and periods[0] != periods[1]:
        return False  # "757 bodies" now and "757 bodies … at the end of January 2024": two
    months = _month_before(a), _month_before(b)
    if None not in months and months[0] != months[1]:
        return False  # "In January, Russia handed 757 …", "in February, … 757 soldiers": two
    return (a.giver, a.receiver, a.mention.count, a.status) == (
        b.giver,
        b.receiver,
        b.mention.count,
        b.status,
    ) and (
        a.category == b.category
        or "mixed" in (a.category, b.category)
        or (a.index != b.index and {a.category, b.category} <= _LIVING)
    )


def _told_then_done(told: Reading, done: Reading, after: bool = True) -> bool:
    """An announced handover and a completed one of the same group, the later sentence
    naming it with "the" ("the 23 POWs had already been let go", "had said it would let the
    10 hostages go"): one completed handover, not two."""
    later = done if after else told
    named_again = re.search(r"(?i)\bthe\s+$", later.sentence[: later.mention.start]) is not None
    # "90 freed" in the headline, then "which means 90 … are expected to be freed soon": the
    # body's expectation, told before the release it expects, of no other day or group
    expected = (
        not after
        and told.date_text is None
        and _ANOTHER.search(told.sentence[max(0, told.mention.start - 30) : told.mention.start])
        is None
    )
    return (
        told.status == "announced"
        and done.status == "completed"
        and (done.index > told.index) == after
        and later.mention.count is not None
        and (named_again or expected)
        and _same_flow(told, replace(done, status=told.status, date_text=told.date_text))
    )


_ANOTHER = re.compile(r"(?i)\b(?:another|more|further|next|second|third|new|remaining|other)\b")


_MONTH_IN = re.compile(rf"(?i)\bin\s+({'|'.join(MONTH_NAMES)})\b(?![^.;]*\d[^.;]*$)")


def _month_before(r: Reading) -> str | None:
    """The month a sentence puts its count in ("In January, … handed 757"), when it names
    one before the count with no other number between."""
    m = _MONTH_IN.search(r.sentence[: r.mention.start])
    return m.group(1).lower() if m else None


def _unnamed(r: Reading) -> bool:
    """One person the article does not name ("a Russian citizen")."""
    person = r.mention.category == "people" and r.mention.count is None
    return person and bool(re.match(r"(?i)an? ", r.mention.phrase))


def merge_repeats(readings: list[Reading], warnings: list[str]) -> list[Reading]:
    """One flow stated twice (by one or several sources) is one record naming them all,
    with the most specific kind either statement gives."""
    kept: list[Reading] = []
    for r in readings:
        first = next((k for k in kept if _same_flow(k, r)), None)
        if first is None and (told := next((k for k in kept if _told_then_done(k, r)), None)):
            first = told  # "it would free 23 …", then "the 23 POWs had already been let go"
            first.status = "completed"
        elif first is None and any(_told_then_done(r, k, after=False) for k in kept):
            # "freed 10 hostages on Monday … had said in February it would let the 10 go"
            warnings.append(f"'{r.mention.phrase}' in sentence {r.index + 1} announced a "
                            "handover told done before: one record")  # fmt: skip
            continue
        if first is None:
            kept.append(r)
            continue
        first.sources = list(dict.fromkeys([*first.sources, *r.sources]))
        first.date_text = first.date_text or r.date_text
        if first.category == "mixed" or r.kind_stated or _named_kind_beats_default(first, r):
            first.category = r.category
        warnings.append(
            f"'{r.mention.phrase}' in sentence {r.index + 1} repeats sentence "
            f"{first.index + 1}: one record, sources joined"
        )
    return kept


def _named_kind_beats_default(first: Reading, later: Reading) -> bool:
    """'Moscow frees 10 Ukrainian prisoners' in the headline, 'ten Ukrainian civilians' in
    the body: the noun that names the kind outranks the kind a bare "prisoners" defaulted
    to."""
    bare = re.fullmatch(r"(?i)prisoners?|captives|detainees?", first.mention.noun) is not None
    named = later.mention.category in ("civilians", "hostages")
    named = named and later.category == later.mention.category
    return bare and named and first.category != later.category


def named_in_counted(readings: list[Reading], warnings: list[str]) -> list[Reading]:
    """'Two US citizens freed' and, later, 'Ryan Corbett … had been freed': a person named
    on their own who went the same way, with the same status and kind, as a counted group
    of the article is one of that group, not another flow."""
    counted = {
        (r.giver, r.receiver, r.status, r.category)
        for r in readings
        if r.mention.count is not None
    }
    kept = []
    for r in readings:
        named = r.mention.count is None and not r.mention.both_ways
        if named and (r.giver, r.receiver, r.status, r.category) in counted:
            warnings.append(
                f"{r.mention.phrase} (sentence {r.index + 1}) counted in a group that went "
                "the same way"
            )
            continue
        kept.append(r)
    return kept


_WEEKDAY = re.compile(r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b")


def _named_day(words: str | None) -> str | None:
    """The weekday a date phrase names ('on Friday' -> 'friday'); None for 'today' and the
    like, which name a day only against the publication date."""
    m = _WEEKDAY.search(words or "")
    return m.group(0).lower() if m else None


# a year named, or counted back: "at the end of January 2024", "in 2022", "last year"
_PERIOD = re.compile(r"(?i)\b(?:19|20)\d\d\b|\blast year\b|\byears? ago\b")


def _period(words: str | None) -> str | None:
    """The year a date phrase names without a day: an earlier occasion the article
    recalls. A month alone ("in April") is left out: in a sentence it as often dates an
    arrest or an agreement as the handover."""
    if not words or re.search(r"\b\d{1,2}\b", words):
        return None  # "January 5": a day, compared as one
    m = _PERIOD.search(words)
    return words.strip().lower() if m else None
