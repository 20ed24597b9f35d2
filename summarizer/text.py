"""Text helpers every check shares: folding quotes and dashes, splitting an article into its
sentences, word tokens, the verbs that attribute a statement, and words that name no one.

(``extract.attribution`` has its own, longer verb list: it finds *who* spoke, where
``ATTRIBUTION`` only asks whether a sentence says someone did.)"""

from __future__ import annotations

import re
from functools import lru_cache

_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "−": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "…": "...",
    }
)
# verbs of saying, for "X said" and "X said it had returned …" (extract.attribution, frames)
SPEECH_VERBS = (
    r"said|says|say|stated|states|reported|reports|announced|announces|wrote|writes|told|"
    r"tells|confirmed|confirms|added|adds|noted|notes|declared|posted|informed|claimed|"
    r"claims|insisted"
)
ATTRIBUTION = re.compile(
    r"\b(said|says|stated|states|according to|reported|reports|announced|announces|wrote|"
    r"writes|told|tells|confirmed|put|gave|citing|cited|per)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"”’]?\s+|\n+|(?<=[a-z][.!?])(?=[A-Z])|(?<=\d\.)(?=[A-Z][a-z])"
)
TOKEN = re.compile(r"[\w'’]+")


# Words that do not identify a source or a side on their own ("the Ukrainian side",
# "Russian authorities", "his office")
NAME_STOP_WORDS = frozenset(
    {"the", "and", "for", "of", "on", "in", "s", "side", "said", "says", "its", "his", "her",
     "government", "authorities", "officials", "office"}
)  # fmt: skip


@lru_cache(maxsize=1024)  # the same article text is folded for every quote checked
def fold(text: str) -> str:
    """Whitespace, quote characters and dashes normalised (grounding rule 1)."""
    folded = text.translate(_QUOTES)
    # run-together sentences ("said.Nine") and spacing around punctuation vary by scraper
    folded = re.sub(r"\s+", " ", folded)
    return folded.strip()


# "Oct. 10", "Mr. Whelan", "Lt. Gen. Budanov": a full stop that ends no sentence
_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|Gen|Lt|"
    r"Col|Sgt|Capt|Maj|Brig|Adm|Rev|Prof|Sen|Rep|Gov|No|Nos|Vol)\.$"
)


# "held in a U.S. prison", "the U.N. envoy": initials whose full stop ends no sentence unless
# a word that opens sentences follows ("… in the U.S. The ministry said")
_INITIALS = re.compile(r"(?:^|[\s(])(?:[A-Z]\.){2,}$")
_OPENERS = frozenset(
    {"The", "A", "An", "He", "She", "It", "They", "We", "I", "But", "And", "In", "On", "At",
     "This", "That", "These", "Those", "There", "His", "Her", "Their", "Its", "After",
     "Before", "When", "While", "As", "According", "Meanwhile", "Earlier", "Later"}
)  # fmt: skip


def _continues(before: str, piece: str) -> bool:
    """The piece goes on the sentence before it: after "Oct." or "Mr.", after initials
    not followed by a sentence opener, or when it starts in lower case ("a U.S. prison")."""
    if _ABBREVIATION.search(before) or piece[:1].islower():
        return True
    return bool(_INITIALS.search(before)) and piece.split(" ", 1)[0] not in _OPENERS


def sentences(text: str) -> list[str]:
    """Sentences of the article exactly as written (run-together ones split too; not after
    "Oct." or "Mr.")."""
    out: list[str] = []
    for piece in (p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()):
        if out and not out[-1].endswith("\n") and _continues(out[-1], piece):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out

