"""The words of a sentence that say when ("on Friday", "March 5", "last week"): kept as
written, resolved against the publication day later (records)."""

from __future__ import annotations

import re

from summarizer.normalize import DAY_MONTH, MONTH_DAY, MONTHS_RE

_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DATE_PHRASES = [
    re.compile(
        rf"\b(?:on\s+|last\s+|this\s+|next\s+)?{_WEEKDAY}(?:\s+(?:night|morning|evening))?\b", re.I
    ),
    MONTH_DAY,
    DAY_MONTH,
    re.compile(r"\b(?:yesterday|today|tonight|this morning|earlier today)\b", re.I),
    re.compile(
        rf"\b(?:(?:in|since|last|early|late|mid|earlier in|during)\s+(?:{MONTHS_RE})\b\.?"
        r"(?:\s+\d{4})?|"
        rf"(?:at the (?:end|start|beginning) of|in (?:early|late|mid-?))\s+(?:{MONTHS_RE})\b"
        r"(?:\s+\d{4})?|"
        rf"(?:{MONTHS_RE})\s+(?:19|20)\d\d|"
        r"last (?:week|month|year|summer|winter|autumn|spring)|earlier this (?:week|month|year)|"
        r"in (?:19|20)\d\d|a (?:week|month|year) ago|"
        r"(?:two|three|four|several) (?:weeks|months|years) ago)\b",
        re.I,
    ),
]

def date_phrase(sentence: str) -> str | None:
    """The words that say when (the first date phrase of the sentence)."""
    hits = [m for p in _DATE_PHRASES for m in p.finditer(sentence)]
    if not hits:
        return None
    first = min(hits, key=lambda m: m.start())
    return first.group(0).strip()
