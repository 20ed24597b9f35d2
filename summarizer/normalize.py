"""Code, not the model, decides canonical names, numbers-as-words and dates.

Small models are unreliable at exactly these mechanical steps (aliases, "on
Thursday" against a Friday publication date), and they are cheap to do right
from data tables.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

_ARTICLES = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_PUNCT = re.compile(r"[\"'“”‘’.,;:()\[\]]")


@cache
def party_table() -> dict[str, Any]:
    """data/parties.json's parties (the contract's list with aliases), read once."""
    data = resources.files("summarizer.data").joinpath("parties.json").read_text("utf-8")
    parties: dict[str, Any] = json.loads(data)["parties"]
    return parties


def canonical_parties() -> list[str]:
    return list(party_table())


@cache
def gazetteer() -> dict[str, Any]:
    """data/gazetteer.json, read once: demonyms, sides outside the contract, armed groups."""
    data = resources.files("summarizer.data").joinpath("gazetteer.json").read_text("utf-8")
    gazetteer: dict[str, Any] = json.loads(data)
    return gazetteer


@cache
def demonyms() -> dict[str, str]:
    """Each demonym in data/gazetteer.json ('ukrainians') and the side it names (Ukraine)."""
    table: dict[str, list[str]] = gazetteer()["demonyms"]
    return {word: party for party, words in table.items() for word in words}


def _clean(name: str) -> str:
    name = _PUNCT.sub("", name.strip().lower())
    name = " ".join(name.split())
    return _ARTICLES.sub("", name)


def canonical_party(name: str | None) -> str | None:
    """Map an alias or descriptive name to its canonical party; None if unknown.

    Exact aliases win; otherwise a unique identifying substring ("Ukraine's
    Coordination Headquarters" -> Ukraine). Ambiguous names stay unknown.
    """
    if not name or not name.strip():
        return None
    cleaned = _clean(name)
    table = party_table()
    for canonical, entry in table.items():
        if cleaned == canonical.lower() or cleaned in entry["aliases"]:
            return canonical
    hits = {c for c, entry in table.items() if any(s in cleaned for s in entry["contains"])}
    return hits.pop() if len(hits) == 1 else None


@cache
def _gazetteer_names() -> dict[str, str]:
    """Each alias of a side outside the contract's list ('jnim', 'drc') -> its one name."""
    table: dict[str, list[str]] = gazetteer()["extra_parties"]
    return {
        _clean(alias): party for party, aliases in table.items() for alias in [party, *aliases]
    }


def normalize_party(name: str) -> str:
    """Canonical name when known (the contract's list, then the gazetteer's other sides,
    so that "JNIM" and "Jama'at Nusrat al-Islam wal-Muslimin" are one side), else the
    name as given (tidied)."""
    known = canonical_party(name) or _gazetteer_names().get(_clean(name))
    return known or " ".join(name.split())


# --- numbers written as words -------------------------------------------------

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "a dozen": 12,
    "dozen": 12,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
}
_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
WORD_NUMBER = re.compile(rf"\b(?:{_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_WORD}))*\b", re.IGNORECASE)
_DIGITS = re.compile(r"(?<![\w.,])(\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+)(?:\.(\d+))?(?![\w])")
_MULT = re.compile(r"^\s*(million|thousand)\b", re.IGNORECASE)


def words_to_int(phrase: str) -> int | None:
    """'thirty-two' -> 32, 'one hundred and five' -> 105; None if not a number phrase."""
    tokens = [t for t in re.split(r"[\s-]+", phrase.lower().strip()) if t and t != "and"]
    if not tokens:
        return None
    total, current = 0, 0
    for token in tokens:
        if token == "dozen":  # "three dozen" is 36, not 3 + 12
            current = max(current, 1) * 12
        elif token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in ("thousand", "million"):
            total += max(current, 1) * _SCALES[token]
            current = 0
        else:
            return None
    return total + current


def numbers_in(text: str) -> list[int]:
    """Every whole number the text states, as digits or words ("1,212", "twenty")."""
    return list(_numbers(text))


@lru_cache(maxsize=512)
def _numbers(text: str) -> tuple[int, ...]:
    """Cached: grounding asks about the same article once per transfer, figure and
    summary number, so the article is parsed once instead of dozens of times."""
    found: list[int] = []
    for match in _DIGITS.finditer(text):
        whole = int(re.sub(r"\D", "", match.group(1)))
        scale = _MULT.match(text[match.end() :])
        if match.group(2) is None:
            found.append(whole)
        if scale:  # "1.2 million" -> 1200000; "6 thousand" -> 6000
            factor = 1_000_000 if scale.group(1).lower() == "million" else 1000
            found.append(int(float(match.group(0).replace(",", "")) * factor))
    for match in WORD_NUMBER.finditer(text):
        value = words_to_int(match.group(0))
        if value is not None:
            found.append(value)
    return tuple(found)


def ordinal_numbers_in(text: str) -> list[int]:
    """'second' -> 2, '49th' -> 49: exchange ordinals are numbers the text states."""
    found = [int(m.group(1)) for m in re.finditer(r"\b(\d+)(?:st|nd|rd|th)\b", text)]
    found += [
        _ORDINALS[m.group(0).lower()]
        for m in re.finditer(rf"\b(?:{'|'.join(_ORDINALS)})\b", text, re.IGNORECASE)
    ]
    return found


# --- dates -----------------------------------------------------------------------

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
MONTH_NAMES = tuple(_MONTHS)  # "january" … "december"
_MONTH_ABBR = {m[:3]: i for m, i in _MONTHS.items()} | {"sept": 9}
# month names and abbreviations as one alternation, and "May 6" / "6 May" with an optional year,
# shared with the extractor's date phrases
MONTHS_RE = "|".join(sorted([*_MONTHS, *_MONTH_ABBR], key=len, reverse=True))
MONTH_DAY = re.compile(
    rf"\b({MONTHS_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.IGNORECASE
)
DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTHS_RE})\b\.?"
    rf"(?:,?\s+(\d{{4}}))?",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTHS.get(key) or _MONTH_ABBR[key[:4] if key.startswith("sept") else key[:3]]


def _dated(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_date(
    date_text: str | None, published: dt.date | None, *, ahead: bool = False
) -> dt.date | None:
    """The day *date_text* names, resolved against *published*; None when not fixed.

    Weekdays are the most recent such day on or before publication ("on Friday"
    in a Friday article is that day), or with *ahead* (a handover planned, "would swap
    … on Wednesday") the next such day on or after it; month-day without a year takes
    the publication year, or the year before if that would be after publication.
    """
    if not date_text:
        return None
    text = date_text.strip().lower()
    if m := _ISO.search(text):
        return _dated(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for pattern, day_first in ((MONTH_DAY, False), (DAY_MONTH, True)):
        if m := pattern.search(text):
            month_s, day_s = (m.group(2), m.group(1)) if day_first else (m.group(1), m.group(2))
            year_s = m.group(3)
            if year_s:
                return _dated(int(year_s), _month(month_s), int(day_s))
            if published is None:
                return None
            candidate = _dated(published.year, _month(month_s), int(day_s))
            if candidate and candidate > published + dt.timedelta(days=1):
                candidate = _dated(published.year - 1, _month(month_s), int(day_s))
            return candidate
    if published is None:
        return None
    if re.search(r"\b(today|this morning|tonight|this evening)\b", text):
        return published
    if re.search(r"\byesterday\b", text):
        return published - dt.timedelta(days=1)
    if re.search(r"\btomorrow\b", text):
        return published + dt.timedelta(days=1)
    for index, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", text):
            back = (published.weekday() - index) % 7
            if ahead and not re.search(r"\b(last|past|previous)\b", text):
                return published + dt.timedelta(days=(index - published.weekday()) % 7)
            if re.search(r"\b(next|coming)\b", text):
                return published + dt.timedelta(days=(index - published.weekday()) % 7 or 7)
            return published - dt.timedelta(days=back)
    return None
