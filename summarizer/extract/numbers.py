"""Numbers as written in a sentence: digits ("1,212", "5 757"), words ("thirty-two",
"three dozen"), and the qualifier before them ("more than", "about"); dates and years
are not counts."""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.normalize import MONTH_NAMES, WORD_NUMBER, words_to_int

_DIGITS = re.compile(
    r"(?<![\w.,$€£-])(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])|\d+)"
    r"(?![\w%]|[.,]\d|-(?:day|year|hour|week|month))"
)
_WORDNUM = re.compile(
    rf"(?<![\w-])(?:{WORD_NUMBER.pattern})(?!-(?:day|year|hour|week|month|way))(?![\w-])",
    re.IGNORECASE,
)
# how an article qualifies a count, by the contract's qualifier; one list for every pattern
# that lets a qualifier stand between its cue and the count ("put the number at more than 30")
_QUALIFIER_WORDS = {
    "at_least": ("at least", "no fewer than", "not less than"),
    "more_than": ("more than", "over", "upwards of", "in excess of"),
    "about": ("about", "around", "nearly", "almost", "some", "approximately", "roughly",
              "an estimated", "close to", "circa"),
    "up_to": ("up to",),
}  # fmt: skip
QUALIFIER_WORDS = "(?:" + "|".join(w for ws in _QUALIFIER_WORDS.values() for w in ws) + ")"
QUALIFIED = rf"(?:{QUALIFIER_WORDS}\s+)?"  # an optional qualifier before a count
_QUALIFIERS = [
    (re.compile(rf"\b(?:{'|'.join(words)})\s+$", re.I), kind)
    for kind, words in _QUALIFIER_WORDS.items()
]
# a month name or its abbreviation, not any word that starts like one ("12 marines", "12
# junta soldiers", "12 separatists" count people)
_DATEY = re.compile(
    rf"^(?:{'|'.join(MONTH_NAMES)}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)$",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def numbers_in_sentence(sentence: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end, value) of every number written in digits or words, in order. Cached:
    captive mentions, stated counts and casualty counts each read the same sentence."""
    found = []
    for m in _DIGITS.finditer(sentence):
        groups = re.split(r"[ \u00a0\u202f]", m.group(1))
        before = sentence[max(0, m.start() - 12) : m.start()].split()
        if len(groups) > 1 and before and _DATEY.match(before[-1].strip(".,")):
            # "on May 24 307 prisoners": a day and a count, not 24,307
            found.append((m.start(), m.start() + len(groups[0]), int(groups[0])))
            at = m.start() + len(groups[0]) + 1
            found.append((at, m.end(), int("".join(groups[1:]))))
            continue
        found.append((m.start(), m.end(), int(re.sub(r"\D", "", m.group(1)))))
    for m in _WORDNUM.finditer(sentence):
        if re.search(r"(?i)\band\b", m.group(0)) and not re.search(
            r"(?i)(?:hundred|thousand|million)\s+and\b", m.group(0)
        ):
            continue  # "between one and three": two numbers, not four
        value = words_to_int(m.group(0))
        if value is not None and not re.fullmatch(r"(?i)a dozen|dozen", m.group(0)):
            found.append((m.start(), m.end(), value))
    return tuple(sorted(found))


_AGE = re.compile(
    r"(?i)\b(?:aged|ages|age of|age|aged between|ages of|between the ages of)\s+"
    r"(?:(?:\d+|[a-z]+(?:-[a-z]+)?),?\s+(?:to|and)\s+)?$"
)  # "aged 4 to 15", "aged six and 10"


def is_date_or_year(sentence: str, start: int, end: int, value: int) -> bool:
    """A day, month, year or age ("aged 4 to 15"): a number that counts nobody."""
    if _AGE.search(sentence[max(0, start - 40) : start]):
        return True
    before = sentence[max(0, start - 12) : start].split()
    after = sentence[end : end + 12].split()
    # "On May 2 three children": a day; "in October three children", "In October, three":
    # a count (a day after a month is written in digits, with no comma between)
    in_words = not sentence[start].isdigit()
    if before and _DATEY.match(before[-1].strip(".,")) and not (
        in_words or before[-1].endswith(",")
    ):
        return True
    if after and _DATEY.match(after[0].strip(".,")):
        return True
    if "," in sentence[start:end]:
        return False  # "1,900 Palestinian prisoners": a year has no thousands separator
    if (
        1900 <= value <= 2100
        and before
        and re.fullmatch(r"(?i)in|since|of|from|by|until|during|early|late|mid", before[-1])
    ):
        return True  # "seized in Mariupol in 2022 were part of the exchange"
    return 1900 <= value <= 2100 and (not after or not re.match(r"[a-z]", after[0]))


def qualifier_before(before: str) -> str:
    for pattern, name in _QUALIFIERS:
        if pattern.search(before):
            return name
    return "exact"
