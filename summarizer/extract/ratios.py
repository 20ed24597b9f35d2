"""'Exchanged on a 205-for-205 basis', 'a fifty-for-fifty swap': the only count of a swap
given as a ratio of equal numbers is that many each way between the article's two sides."""

from __future__ import annotations

import re

from summarizer.extract.mentions import Mention
from summarizer.extract.parties import ArticleSides
from summarizer.extract.readings import Reading, both_ways, captive_kind
from summarizer.extract.roles import status
from summarizer.normalize import words_to_int

_N = r"\d[\d,]*|[a-z]+(?:-[a-z]+)?"
# "on a 205-for-205 basis": the ratio this swap was done on; "the '1000 for 1000' exchange"
# names a deal whose stages are counted elsewhere; "on the '300 by 300' formula" (Belarusian
# and Russian outlets' wording)
_RATIO = re.compile(
    rf"(?i)\b(?P<a>{_N})[- ](?:for|by)[- ](?P<b>{_N})['’\"”]?\s+(?:basis|principle|formula)\b"
)
_SWAP_WORD = re.compile(r"(?i)\b(?:exchang\w*|swap\w*|trad(?:e|ed|es)|basis)\b")
_DEAD = re.compile(r"(?i)\b(?:bod(?:y|ies)|remains|corpses)\b")


def _value(word: str) -> int | None:
    if word[0].isdigit():
        return int(word.replace(",", ""))
    return words_to_int(word.replace("-", " "))


def ratio_exchange(
    index: int, sentence: str, sides: ArticleSides, sources: list[str], when: str | None
) -> list[Reading]:
    """Both flows of a swap told only as "N-for-N" in a sentence that counts no captive."""
    top = sides.sides[:2]
    m = _RATIO.search(sentence)
    if m is None or len(top) != 2 or not _SWAP_WORD.search(sentence):
        return []
    count = _value(m.group("a"))
    if count is None or count < 2 or count != _value(m.group("b")):
        return []
    dead = bool(_DEAD.search(sentence))
    noun = "bodies" if dead else "prisoners"
    mention = Mention(
        m.start(), m.end(), count, noun, "remains" if dead else "detainees", "exact", None,
        True, m.group(0),
    )  # fmt: skip
    how = status(sentence, mention)
    kind = captive_kind(mention, sides, None)
    return both_ways(index, sentence, mention, sides, kind, how, sources, when, "an N-for-N swap")
