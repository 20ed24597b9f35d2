"""Whose a counted group is and who held it, told by the words right beside the count.

"18 fishermen whom Haftar's forces had held", "four Libyans held in Italy", "in return for
Turkey's release of 180 fighters", "two prisoners in Taleban hands": whoever held the
captives gave them up. "100 of our people", "12 of its soldiers": the speaker's side's, or
the side named just before."""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.extract.mentions import OURS, Mention
from summarizer.extract.parties import ArticleSides, PartyMention, party_mentions

_WHOM = re.compile(r"\s*,?\s*(?:whom|who|that)\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){0,2}?")
_CAPTOR_VERB = re.compile(
    r"(?:['’]s?\s+(?:forces|fighters|militia|men|troops))?\s+(?:had\s+|has\s+|have\s+)?"
    r"(?:held|kidnapped|detained|captured|seized|abducted|taken|imprisoned|jailed)\b"
)
_HELD_IN = re.compile(
    r"\s*,?\s*(?:being\s+|who\s+were\s+|were\s+|had\s+been\s+)?"
    r"(?:held\s+(?:in|by)|"
    r"(?:held\s+)?in\s+the\s+(?:hands|custody)\s+of)\s+(?:the\s+)?"
)
# "two prisoners in Taleban hands", "soldiers in Russian custody"
_IN_HANDS = re.compile(r"\s*,?\s*(?:held\s+)?in\s+(?:the\s+)?$")
_HANDS = re.compile(r"\s+(?:hands|custody|captivity|jails?|prisons?)\b")

_RELEASE_OF = re.compile(
    r"['’]s?\s+(?:release|return|freeing|handover|handing over)\s+of\s+(?:the\s+)?"
    r"(?:(?:about|around|some|nearly|almost|more than|at least)\s+)?"
)


def holder_of(text: str, mention: Mention, parties: list[PartyMention]) -> str | None:
    """The side the words beside the count name as holding the group, if any."""
    for p in parties:
        between = text[mention.end : p.start]
        if mention.end <= p.start <= mention.end + 40 and (
            _HELD_IN.fullmatch(between)
            or (_WHOM.fullmatch(between) and _CAPTOR_VERB.match(text, p.end) is not None)
            or (_IN_HANDS.fullmatch(between) and _HANDS.match(text, p.end) is not None)
        ):
            return p.party
        if p.end <= mention.start and _RELEASE_OF.fullmatch(text[p.end : mention.start]):
            return p.party
    return None


def own_side(
    mention: Mention, sentence: str, sides: ArticleSides, source_sides: Sequence[str]
) -> str | None:
    """Whose people "100 of our people" (the speaker's side) and "12 of its soldiers" (the
    speaker's, when it is named before the count, else the side named last before it,
    go-betweens aside) are."""
    if mention.home == OURS:
        return source_sides[0] if source_sides else None
    named = [
        p.party
        for p in party_mentions(sentence)
        if p.end <= mention.start and p.party not in sides.mediators
    ]
    if source_sides and source_sides[0] in named:
        return source_sides[0]  # "Ukraine said 12 of its soldiers …": the speaker's own
    return named[-1] if named else None
