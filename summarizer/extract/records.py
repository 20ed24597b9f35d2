"""Readings → contract records: transfers grouped into events, figures, cross-sentence fixes.

What spans sentences is decided here: the same flow reported twice is one record with
both sources; a count that is the sum of other flows is a total (a figure), not a
handover; dates are resolved against the publication day; a transfer whose sentence
names no day joins the dated occasion of the same sides.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from summarizer.extract.parties import at_war
from summarizer.extract.readings import ArticleReading, Reading
from summarizer.extract.repeats import merge_repeats, named_in_counted
from summarizer.extract.roles import running_total
from summarizer.extract.verbs import SWAP_WORD
from summarizer.grounding import date_problem
from summarizer.normalize import resolve_date
from summarizer.schemas import Event, Figure, Transfer

_FIGURE_WORDS = {
    "cumulative_total": "in total so far",
    "still_held": "still held",
    "casualties": "killed, wounded, captured or missing",
    "other": "in all",
}


_FIGURE_KIND = {
    "casualties": "casualties",
    "still_held": "still_held",
    "cumulative_total": "cumulative_total",
    "total": "other",
}


@dataclass
class Records:
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# "128 Houthi prisoners" in the headline are the "128 Houthi detainees" of the body: outlets
# vary the noun for the same living people, never between the living and the dead
def _ways_of_a_told_total(reading: ArticleReading, handovers: list[Reading]) -> list[Reading]:
    """'The Syrian authorities and a Kurdish-led force swapped more than 400 prisoners':
    the total is a figure, and when the article counts neither way between those two sides
    the swap still went both ways, with no number for either (records.md: count null)."""
    top = reading.sides.sides[:2]
    out: list[Reading] = []
    for r in reading.readings:
        if r.role != "total" or r.status != "completed" or len(top) != 2 or r.reverse:
            continue
        if not SWAP_WORD.search(r.sentence):
            continue  # "27 out of 28": a group's size, not a swap's total
        pair = {r.giver, r.receiver} if r.giver and r.receiver else set(top)
        told = [h for h in handovers + out if {h.giver, h.receiver} == pair]
        if pair != set(top) or told:
            continue
        if any(at_war(top[0], g) and at_war(top[1], g) for g in reading.sides.sides):
            continue  # Yemen's government and Saudi Arabia fight the Houthis together
        mention = replace(r.mention, count=None, both_ways=True)
        for giver, receiver in ((top[0], top[1]), (top[1], top[0])):
            out.append(
                replace(r, mention=mention, giver=giver, receiver=receiver, role="handed_over",
                        sources=list(r.sources), why="a swap told only by its total",
                        reverse=giver == top[1], open=[])
            )  # fmt: skip
    return out


def _totals(
    readings: list[Reading], warnings: list[str], published: dt.date | None
) -> tuple[list[Reading], list[Reading]]:
    """A count equal to the sum of other flows: the total of stages on different days is a
    figure, not a handover; a total whose parts name no other day ("17 freed: 13 Israelis,
    three foreign nationals and one Filipino") is the handover, and its parts are not. A
    whole listed in parts in a later sentence is settled first (`_listed_in_parts`)."""
    totals: list[Reading] = []
    parts: set[int] = set()
    counted = [(r, r.mention.count) for r in readings if r.mention.count is not None]
    # counts listed together: one way, one status, one sentence
    lists: dict[tuple[str | None, str | None, str, int], list[Reading]] = {}
    for r, _ in counted:
        lists.setdefault((r.giver, r.receiver, r.status, r.index), []).append(r)
    for r, _ in counted:
        if (listed := _listed_in_parts(r, lists)) is not None:
            parts |= {id(o) for o in listed}
            warnings.append(
                f"{r.mention.count} is stated whole, then listed in parts: the parts are not flows"
            )
    # a listed part adds up to nothing else: "45 came back on 11 November" is no total of a
    # 35 and one of a list's parts
    counted = [(r, n) for r, n in counted if id(r) not in parts]
    for r, n in counted:
        if id(r) in parts:
            continue  # found a part of a whole told before it: no total of its own
        # the same number twice with the same status ("103 each") is no whole of parts
        counts = [m for o, m in counted if o.status == r.status]
        smaller = [(o, m) for o, m in counted if o is not r and m < n]
        same = [(o, m) for o, m in smaller if (o.giver, o.receiver) == (r.giver, r.receiver)]
        own_day = _day(r.date_text, published)
        # both ways of one exchange are of one occasion: not a September swap's return flow
        # added to an October stage
        back = [
            m
            for o, m in smaller
            if (o.giver, o.receiver) == (r.receiver, r.giver)
            and _day(o.date_text, published) in ("", own_day)
        ]
        ways = [m for _, m in same]
        # stages of one flow, or both ways of one exchange; never flows the other way alone
        # ("39 prisoners freed in exchange" for 13 + 26 hostages is a flow of its own)
        if not (
            (_sums_to(ways, n) or (ways and _sums_to(ways + back, n))) and counts.count(n) == 1
        ):
            continue
        on_its_day = [(o, m) for o, m in same if _day(o.date_text, published) in ("", own_day)]
        if (summing := _summing([m for _, m in on_its_day], n)) is not None:
            # one occasion told whole and in parts: those parts, not every smaller flow
            parts |= {id(on_its_day[i][0]) for i in summing}
            warnings.append(f"{n} is stated whole and in parts: the parts are not flows")
        else:
            totals.append(r)
            warnings.append(f"{n} is the sum of other flows in the article: kept as a total")
    dropped = parts | {id(r) for r in totals}
    flows = [r for r in readings if id(r) not in dropped]
    return flows, totals


def _listed_in_parts(
    whole: Reading, lists: Mapping[tuple[str | None, str | None, str, int], list[Reading]]
) -> list[Reading] | None:
    """'Ukraine got back 20 National Guard fighters, 10 soldiers, 12 marines, six border
    guards and two others' after the swap's 50: three or more counts listed in one later
    sentence, the same way and status, that add up to the whole are its parts, though the
    whole is told twice."""
    return next(
        (
            group
            for (giver, receiver, how, index), group in lists.items()
            if (giver, receiver, how) == (whole.giver, whole.receiver, whole.status)
            and index > whole.index
            and len(group) >= 3
            and sum(o.mention.count or 0 for o in group) == whole.mention.count
        ),
        None,
    )


def _day(words: str | None, published: dt.date | None) -> str:
    """The day a date phrase names, for comparing stages: resolved against the publication
    date when it can be ("today" and "Thursday, August 14" in an August 14 article are one
    day), else its words ('on Sunday', 'Sunday', 'last Sunday' are one)."""
    if not words:
        return ""
    if (day := resolve_date(words, published)) is not None:
        return day.isoformat()
    return re.sub(r"(?i)^(?:on|last|this|early|late)\s+", "", words.strip()).lower()


def _sums_to(values: Sequence[int], target: int) -> bool:
    """Some subset of two or more *values* adds up to *target* (small lists only)."""
    return _summing(values, target) is not None


def _summing(values: Sequence[int], target: int) -> list[int] | None:
    """Positions of the largest subset (two or more) of *values* that adds up to *target*."""
    best: dict[int, list[int]] = {0: []}  # reachable sum -> most positions that reach it
    for i, v in enumerate(list(values)[:16]):
        for s, used in list(best.items()):
            if s + v <= target and len(used) + 1 > len(best.get(s + v, [])):
                best[s + v] = [*used, i]
    found = best.get(target, [])
    return found if len(found) >= 2 else None


def _figure(r: Reading, kind: str, value: int) -> Figure:
    # the words after the number as written ("1 985 children" -> "children")
    what = re.sub(r"^\d[\d,.\s\u00a0\u202f]*\s", "", r.mention.phrase)
    if what == r.mention.phrase and " " in what:
        what = what.split(" ", 1)[1]  # "twenty-one hostages"
    return Figure(
        kind=kind,  # type: ignore[arg-type]
        description=f"{what} {_FIGURE_WORDS.get(kind, '')}".strip(),
        value=value,
        qualifier=r.mention.qualifier,  # type: ignore[arg-type]
        reported_by=r.sources,
        evidence=r.sentence,
    )


def build_records(
    reading: ArticleReading, published: dt.date | None, mediators: Sequence[str] = ()
) -> Records:
    """Events and figures from the readings whose questions are all answered."""
    out = Records()
    handovers = [
        r
        for r in reading.readings
        if r.role == "handed_over" and r.giver and r.receiver and r.category != "people"
    ]
    for r in reading.readings:
        if r.role == "handed_over" and r not in handovers:
            hint = (
                f"; the model suggests {r.suggested[0]} to {r.suggested[1]} (often wrong: check it)"
                if r.suggested
                else ""
            )
            out.warnings.append(
                f"'{r.mention.phrase}' in sentence {r.index + 1}: sides or kind not "
                f"decided, no record{hint}"
            )
    handovers = merge_repeats(handovers, out.warnings)
    handovers = named_in_counted(handovers, out.warnings)
    handovers += _ways_of_a_told_total(reading, handovers)
    handovers, totals = _totals(handovers, out.warnings, published)
    seen_figures: set[tuple[str, int]] = set()
    for r in totals:
        if (value := r.mention.count) is not None:
            kind = "cumulative_total" if running_total(r.sentence, r.mention) else "other"
            out.figures.append(_figure(r, kind, value))
            seen_figures.add((kind, value))
    handed = {r.mention.count for r in handovers}
    for r in reading.readings:
        value = r.mention.count
        if r.role in _FIGURE_KIND and not r.reverse and value is not None:
            kind = _FIGURE_KIND[str(r.role)]
            if (kind, value) not in seen_figures and value not in handed:
                seen_figures.add((kind, value))
                out.figures.append(_figure(r, kind, value))
    for index, value, phrase in reading.ordinals:
        if ("exchange_ordinal", value) not in seen_figures:
            seen_figures.add(("exchange_ordinal", value))
            out.figures.append(
                Figure(
                    kind="exchange_ordinal",
                    description=phrase,
                    value=value,
                    evidence=reading.sentences[index],
                )
            )
    out.events = _events(handovers, published, list(mediators), out.warnings)
    return out


def _events(
    readings: list[Reading], published: dt.date | None, mediators: list[str], warnings: list[str]
) -> list[Event]:
    """One event per (status, day, pair of sides); a flow whose sentence names no day
    (a headline, "the bodies were identified") joins the first occasion of the same sides
    and status that does name one, wherever it comes in the article."""
    groups: dict[tuple[str, str, frozenset[str | None]], list[Reading]] = {}
    dates: dict[tuple[str, str, frozenset[str | None]], dt.date | None] = {}
    undated: list[Reading] = []
    for r in readings:
        date = resolve_date(r.date_text, published, ahead=r.status != "completed")
        if (problem := date_problem(date, r.status, published)) is not None:
            warnings.append(f"date dropped: {problem}")
            date = None
        day = date.isoformat() if date else (r.date_text or "").strip().lower()
        if not day:
            undated.append(r)
            continue
        key = (r.status, day, frozenset((r.giver, r.receiver)))
        groups.setdefault(key, []).append(r)
        dates.setdefault(key, date)
    for r in undated:
        pair = frozenset((r.giver, r.receiver))
        same = [k for k in groups if k[0] == r.status and k[2] == pair]
        key = same[0] if same else (r.status, "", pair)
        groups.setdefault(key, []).append(r)
        dates.setdefault(key, None)
    order = {id(r): i for i, r in enumerate(readings)}
    for members in groups.values():
        members.sort(key=lambda r: order[id(r)])
    events = []
    for key, members in groups.items():
        transfers = [
            Transfer.model_validate(
                {
                    "from": r.giver,
                    "to": r.receiver,
                    "category": r.category,
                    "count": r.mention.count,
                    "qualifier": r.mention.qualifier,
                    "reported_by": r.sources,
                    "evidence": r.sentence,
                }
            )
            for r in members
        ]
        events.append(
            Event(
                status=key[0],  # type: ignore[arg-type]
                date=dates[key],
                date_text=next((r.date_text for r in members if r.date_text), None),
                transfers=transfers,
                mediators=[m for m in mediators if m not in key[2]],
                evidence=list(dict.fromkeys(r.sentence for r in members)),
            )
        )
    return events
