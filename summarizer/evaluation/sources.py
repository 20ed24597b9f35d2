"""Do two source names name the same source? ("Russia's Ministry of Defence" and
"Russian Defense Ministry" do.) Used by the scorer to judge attribution."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from summarizer.normalize import canonical_party
from summarizer.text import NAME_STOP_WORDS, fold

# spellings folded to one
_EXPAND = {"defence": "defense", "mod": "defense ministry", "hq": "headquarters"}
_EXPAND |= {"pow": "prisoners war", "pows": "prisoners war", "prisoner": "prisoners"}


def _name_tokens(name: str) -> tuple[set[str], set[str]]:
    """(parties, other words) of a source name; word order, possessives, spelling folded.

    "Russia's Ministry of Defence" and "Russian Defense Ministry" both give
    ({Russia}, {defense, ministry}).
    """
    whole = canonical_party(name)
    words = re.findall(r"[a-z0-9]+", re.sub(r"'s\b|'", "", fold(name).lower()))
    parties: set[str] = set()
    other: set[str] = set()
    for word in words:
        party = canonical_party(word) if len(word) > 2 else None
        if party:
            parties.add(party)
        elif word not in NAME_STOP_WORDS:
            other.update(_EXPAND.get(word, word).split())
    if whole and other <= set(whole.lower().split()):
        return {whole}, set()  # "ICRC", "the Red Cross", "Ukrainian authorities"
    return parties, other


def _similar(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and SequenceMatcher(None, a, b).ratio() >= 0.8)


def same_source(a: str, b: str) -> bool:
    """Fuzzy: same parties (when both name one) and most of the shorter name's words."""
    parties_a, words_a = _name_tokens(a)
    parties_b, words_b = _name_tokens(b)
    if not words_a or not words_b:
        return not words_a and not words_b and parties_a == parties_b and bool(parties_a)
    if parties_a and parties_b and not parties_a & parties_b:
        return False
    shorter, longer = sorted((words_a, words_b), key=len)
    shared = sum(any(_similar(w, v) for v in longer) for w in shorter)
    return shared / len(shorter) > 0.5


def sources_match(gold: Sequence[str], predicted: Sequence[str]) -> bool:
    """Any gold source named by the prediction; empty gold (article's own voice) wants empty."""
    if not gold or not predicted:
        return not gold and not predicted
    return any(same_source(g, p) for g in gold for p in predicted)
