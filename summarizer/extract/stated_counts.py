"""Counts a sentence states without a captive noun of their own: "traded 103 soldiers for
the same number of Russian POWs", "swapped for 'exactly' as many", "the number of those
returned came to 303", casualty counts ("killed 1,200 in", "wounded over 170,700 others"),
and groups with no number at all ("hundreds of detainees")."""

from __future__ import annotations

import re

from summarizer.extract.captive_nouns import noun_after
from summarizer.extract.mentions import Mention, home_before
from summarizer.extract.numbers import QUALIFIED, numbers_in_sentence, qualifier_before

_FOR_SAME = re.compile(
    r"\bfor\s+(?:the\s+)?same\s+number\s+of\b|"
    r"\bfor\s+(?:[\"“”']?(?:exactly|just|precisely)[\"“”']?\s+)?as\s+many\b",
    re.IGNORECASE,
)


def same_number_mentions(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """'traded 103 Ukrainian soldiers for the same number of Russian POWs': the second flow."""
    extra = []
    for m in _FOR_SAME.finditer(sentence):
        previous = [x for x in mentions if x.end <= m.start()]
        if not previous:
            continue
        noun = noun_after(sentence[m.end() :])
        if noun is None:
            continue
        noun_end, noun_text, category, home = noun
        base = previous[-1]
        extra.append(
            Mention(
                start=m.start(),
                end=m.end() + noun_end,
                count=base.count,
                noun=noun_text,
                category=category if category != "people" else base.category,
                qualifier=base.qualifier,
                home=home,
                both_ways=False,
                phrase=sentence[m.start() : m.end() + noun_end],
            )
        )
    return extra


_COUNT_OF = re.compile(
    r"\b(?:number|count|tally|total)\s+of\s+(?P<what>[^.;:]{3,80}?)\s+"
    r"(?:(?:now|has|have|had|thus|so far|to date)\s+)*"
    r"(?:stands? at|stood at|to|at|reached|rose to|comes? to|came to|is|was|of)\s+"
    rf"{QUALIFIED}$",
    re.IGNORECASE,
)


def count_statements(sentence: str, taken: list[Mention]) -> list[Mention]:
    """'raised the number of prisoners returned home to 3,767', 'the count of bodies sent
    back now stands at 285': a total stated about a group named before the number."""
    found = []
    for start, end, value in numbers_in_sentence(sentence):
        if any(m.start <= start < m.end for m in taken):
            continue
        m = _COUNT_OF.search(sentence[max(0, start - 140) : start])
        if m is None:
            continue
        noun = noun_after(" " + m.group("what"))
        if noun is None:
            continue
        _, noun_text, category, home = noun
        found.append(
            Mention(
                start,
                end,
                value,
                noun_text,
                category,
                qualifier_before(sentence[:start][-25:]),
                home,
                False,
                sentence[start:end],
            )
        )
    return found


# "killed 1,200 in the border area", "wounded over 170,700 others", "had been killed – 31,000"
_HURT_BEFORE = re.compile(
    rf"\b(?:killed|wounded|injured|dead)\s*(?:[–—-]\s*)?{QUALIFIED}$", re.IGNORECASE
)
_OTHERS_AFTER = re.compile(r"^\s+others?\b", re.IGNORECASE)
_HURT_NEAR = re.compile(r"\b(?:killed|wounded|injured|maimed)\b[^.;]{0,30}$", re.IGNORECASE)


def casualty_counts(sentence: str, taken: list[Mention]) -> list[Mention]:
    """Casualty figures told without a captive noun: the contract keeps them as figures
    (never handovers), so code reads the number the casualty verb governs."""
    starts = {m.start for m in taken}
    found = []
    for start, end, value in numbers_in_sentence(sentence):
        if start in starts:
            continue
        before, rest = sentence[:start], sentence[end:]
        others = _OTHERS_AFTER.match(rest)
        if not (_HURT_BEFORE.search(before) or (others and _HURT_NEAR.search(before))):
            continue
        stop = end + (others.end() if others else 0)
        found.append(Mention(start, stop, value, "others" if others else "people", "people",
                             qualifier_before(before[-25:]), None, False,
                             sentence[start:stop]))  # fmt: skip
    return found


_VAGUE = re.compile(
    r"\b(?:hundreds|dozens|scores|thousands|tens of thousands|several hundred)\s+of\s+", re.I
)


def vague_mentions(sentence: str) -> list[Mention]:
    """'set free hundreds of detainees': a group with no number (count null, qualifier
    about). It is recorded only when no counted flow goes the same way, and it tells which
    way a later bare count went ("350 had been released in all")."""
    found = []
    for m in _VAGUE.finditer(sentence):
        noun = noun_after(sentence[m.end() :])
        if noun is None or (noun[2] == "people" and noun[3] is None):
            continue
        noun_end, noun_text, category, home = noun
        end = m.end() + noun_end
        found.append(Mention(m.start(), end, None, noun_text, category, "about",
                             home or home_before(sentence[: m.start()]), False,
                             sentence[m.start() : end]))  # fmt: skip
    return found
