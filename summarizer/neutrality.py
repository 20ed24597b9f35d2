"""The contract's neutrality checklist, run on summaries (lexicon in data/lexicon.json).

A word hit inside a quotation that names its speaker is allowed; everything
else in the narrator's voice counts. Rules 6 (a source for every count) and 8
(both sides' figures) need the records too, so they are checked in
:mod:`summarizer.grounding` against the digest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from summarizer.text import sentences

_QUOTE = re.compile(r"[\"“”]([^\"“”]{1,400})[\"“”]")
_SINGLE_WORD_SCARE = re.compile(r"[\"“‘]([A-Za-z-]+)[\"”’]")
_SPEAKER = re.compile(
    r"\b(said|says|stated|wrote|told|according to|called|described|announced)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Violation:
    rule: str
    term: str
    sentence: str

    def message(self) -> str:
        return f"rule {self.rule}: {self.term!r} in {self.sentence!r}"


@cache
def _rules() -> dict[str, re.Pattern[str]]:
    data = resources.files("summarizer.data").joinpath("lexicon.json").read_text("utf-8")
    rules: dict[str, list[str]] = json.loads(data)["rules"]
    return {
        name: re.compile(r"\b(?:" + "|".join(terms) + r")\b", re.IGNORECASE)
        for name, terms in rules.items()
    }


def _attributed_quote_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of quotations in a sentence that also names who said them."""
    if not _SPEAKER.search(sentence):
        return []
    return [m.span() for m in _QUOTE.finditer(sentence) if len(m.group(1).split()) > 1]


_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")


def _in_proper_name(sentence: str, match: re.Match[str]) -> bool:
    """A capitalised hit inside a run of capitalised words, not opening the sentence,
    is part of a name ("National Liberation Army"), which the narrator does not choose."""
    if match.start() == 0 or not match.group(0)[:1].isupper():
        return False
    # "the Movement for the Liberation of Azawad": the small words inside a name join it
    before = _past_links(reversed(sentence[: match.start()].rstrip().split()))
    after = _past_links(iter(sentence[match.end() :].split()))
    neighbour = [w for w in (before + after) if _CAPITALISED.fullmatch(w.strip(",.;:"))]
    return bool(neighbour)


_LINKS = frozenset({"of", "the", "for", "and", "de", "du", "la", "al"})


def _past_links(words: Iterator[str]) -> list[str]:
    """The first word that is not a small joining word (as a one-item list), if any."""
    for word in words:
        if word not in _LINKS:
            return [word]
    return []


def find_violations(text: str) -> list[Violation]:
    """Checklist rules 1-5 and scare quotes; one Violation per hit."""
    found: list[Violation] = []
    for sentence in sentences(text):
        allowed = _attributed_quote_spans(sentence)
        for rule, pattern in _rules().items():
            for match in pattern.finditer(sentence):
                if any(a <= match.start() < b for a, b in allowed):
                    continue
                if _in_proper_name(sentence, match):
                    continue  # "the Tigray People's Liberation Front": a name, not a label
                found.append(Violation(rule, match.group(0), sentence))
        for match in _SINGLE_WORD_SCARE.finditer(sentence):
            found.append(Violation("3_scare_quotes", match.group(0), sentence))
    return found
