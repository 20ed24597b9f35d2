"""Who acts: the subject of the verb that governs a count.

The side named last before the verb, unless it is the object of a preposition ("talks in
Turkey"); the subject of the verb before when a verb is joined by "and" with no subject of
its own; the side named before a count with no noun ("Ukraine gets 1,000 bodies, Russia 35");
or a subject named by what it is ("the rebels", "the government") in an article between a
state and one armed group."""

from __future__ import annotations

import itertools
import re

from summarizer.extract.mentions import Mention
from summarizer.extract.parties import (
    ArticleSides,
    PartyMention,
    armed_groups,
    group_bases,
    party_mentions,
)
from summarizer.extract.verbs import GIVE, RECEIVE

_REBELS = re.compile(
    r"\b(?:the\s+)?(?:\w+\s+)?(?:insurgents|rebels|militants|guerrillas|militias?|"
    r"jihadists|terrorists|armed group|group|faction|movement)\s+"
    # "separatist rebels from Senegal's Casamance region have freed"
    r"(?:(?:from|in|of)\s+[^,;]{0,40}?\s+)?"
    r"(?:(?:has|have|had|are|is|was|were|would|will|also|then|to|not)\s+){0,3}$",
    re.IGNORECASE,
)
_GOVERNMENT = re.compile(
    r"\b(?:the\s+)?(?:[\w'’-]+\s+){0,2}?(?:government|authorities|army|military|regime)"
    r"(?:['’]s\s+(?:troops|forces|soldiers))?\s+"
    r"(?:(?:has|have|had|are|is|was|were|would|will|also|then|to|not)\s+){0,3}$",
    re.IGNORECASE,
)


def generic_subject(before_verb: str, sides: ArticleSides) -> str | None:
    """'the insurgents are to free 1,000 captives', 'the government let … go': in an
    article between a state and one armed group, the group or the state."""
    top = sides.sides[:2]
    named = [p for p in sides.sides if p in armed_groups()]
    if _REBELS.search(before_verb) and (
        len(named) == 1 or (len(named) > 1 and sides.counts[named[0]] > sides.counts[named[1]])
    ):
        return named[0]  # "the rebel group freed 10 sailors": the armed group most named
    groups = [p for p in top if p in armed_groups()]
    if len(top) == 1 and groups and (base := group_bases().get(groups[0])):
        top = [groups[0], base]  # "the Houthis … and the government": Yemen's government
    elif not groups and len(named) == 1 and group_bases().get(named[0]) in top:
        # "Syria's regime and rebels … as part of a process led by Turkey": the go-between
        # is named more often than the group, which is still the state's one opponent
        groups, top = named, [named[0], group_bases()[named[0]]]
    if len(top) != 2 or len(groups) != 1:
        return None
    state = next(p for p in top if p != groups[0])
    if _REBELS.search(before_verb):
        return groups[0]
    government = _GOVERNMENT.search(before_verb)
    named_state = [p.party for p in party_mentions(government.group(0))] if government else []
    if named_state:
        return named_state[0]  # "the Nigerien authorities": the state the words name
    if government and not re.search(
        rf"(?i)\b{re.escape(groups[0])}\b", before_verb[-40:]
    ):
        return state
    return None


_AFTER_PREPOSITION = re.compile(r"\b(?:with|of|to|by|from|for|against|on|about)\s+$", re.I)


def participle_subject(before_verb: str, sides: ArticleSides) -> str | None:
    """'the government met the rebels' demands, freeing three leaders': a participle after a
    comma has the sentence's subject, the first side named by what it is."""
    if not re.search(r",\s*$", before_verb):
        return None
    for word in re.finditer(r"\s", before_verb):
        head = before_verb[: word.end()]
        found = generic_subject(head, sides)
        if found is not None:
            subject = re.search(r"\b(?:the\s+)?(?:\w+\s+)?\w+\s+$", head)
            lead = head[: subject.start()] if subject else head
            return None if _AFTER_PREPOSITION.search(lead) else found
    return None


_GAP = re.compile(r"(?:,|\band\b|\bwhile\b)\s+(?:the\s+)?$", re.IGNORECASE)


def gapped_subject(text: str, mention: Mention, parties: list[PartyMention]) -> str | None:
    """'Ukraine gets 1,000 bodies, Russia 35', 'Azerbaijan gave up 44 prisoners and Armenia
    12 people': the side named right before a count is the subject of the verb the sentence
    does not repeat."""
    near = [p for p in parties if not p.demonym and 0 <= mention.start - p.end <= 3]
    if near and _GAP.search(text[: near[-1].start]):
        return near[-1].party
    return None


def party_before(text: str, end: int, parties: list[PartyMention]) -> str | None:
    """The acting side named last before *end* (names, not demonyms, win; "the Houthis"
    names an armed group the way "Hamas" does)."""
    named = [
        p
        for p in parties
        if p.end <= end
        and (
            not p.demonym
            or (p.party in armed_groups() and text[max(0, p.start - 4) : p.start].lower() == "the ")
            # "the Nigerien authorities secured the freedom of": a state body by its demonym
            or _STATE_BODY.match(text, p.end)
        )
        and not _PREPOSITION_BEFORE.search(text[max(0, p.start - 12) : p.start])
        # "an exchange between Ukraine and Russia has brought 5 people back": the pair names
        # the exchange, not who acted
        and not _BETWEEN_PAIR.search(text[max(0, p.start - 50) : p.start])
    ]
    named = before_apposition(named, text, end)
    if named:
        return named[-1].party
    return None


_APPOSITION_END = re.compile(r",[^,.;]{1,80},\s*(?:(?:have|has|had|also|then|later|on \w+)\s+)*$")


def before_apposition(parties: list[PartyMention], text: str, end: int) -> list[PartyMention]:
    """'The Houthis, Yemen's rulers in the north, freed 10': when an apposition ends right
    before the verb at *end*, the side before it is the subject, not one named inside it."""
    appos = _APPOSITION_END.search(text, max(0, end - 140), end)
    if appos and any(p.end <= appos.start() for p in parties):
        return [p for p in parties if p.end <= appos.start()]
    return parties


def verb_between(text: str, start: int, end: int) -> bool:
    """'received 500 bodies from Russia and handed over 45': another verb phrase lies
    between "from Russia" and the 45, so Russia is not where the 45 came from."""
    # searched in the whole text so that a verb's lookahead sees the count after it
    # ("and Russia got 60": "got" is a receiving verb only before a number)
    return start < end and any(
        m.start() < end for v in (GIVE, RECEIVE) if (m := v.search(text, start)) is not None
    )


# "after being freed by Russia": the agent of the release


# "held talks in Turkey and agreed to exchange", "loyal to South Sudan's former deputy
# president, said it had freed": the object of a preposition is not who acts
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|at|near|inside|outside|across|to|from|with|of|for|against|by|into|towards?|"
    r"between|among|via|through)\s+(?:the\s+)?$",
    re.I,
)
_STATE_BODY = re.compile(
    r"\s+(?:authorities|government|army|military|troops|forces|security forces|officials)\b"
)
_BETWEEN_PAIR = re.compile(
    r"\bbetween\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}\s+and\s+(?:the\s+)?$", re.I
)
_AND_THEN = re.compile(r"\band\s+(?:then\s+|also\s+|later\s+)?$", re.IGNORECASE)


def clause_verb(text: str, verb: re.Match[str], verbs: list[re.Match[str]]) -> re.Match[str]:
    """'Ukraine received 500 bodies from Russia and handed over 45': a verb joined by "and"
    with no subject of its own shares the subject of the verb before it."""
    while _AND_THEN.search(text[max(0, verb.start() - 12) : verb.start()]):
        earlier = [v for v in verbs if v.end() <= verb.start() - 3]
        if not earlier:
            break
        verb = max(earlier, key=lambda v: v.start())
    return verb


_FIRST_OF_PAIR = re.compile(
    r"^[^.;]{0,40}?\band\s+(?:about\s+|some\s+|nearly\s+|almost\s+)?(?:\d|[a-z]+\b)", re.I
)
_SECOND_OF_PAIR = re.compile(r"\band\s+(?:about\s+|some\s+|nearly\s+|almost\s+)?$", re.I)


def respective_subject(
    text: str, verb: re.Match[str], mention: Mention, parties: list[PartyMention]
) -> str | None:
    """'Russia and Ukraine released 150 and 189 prisoners respectively': two subjects and
    two counts, paired in order. None unless the sentence says "respectively"."""
    if not re.search(r"\brespectively\b", text[mention.end : mention.end + 80]):
        return None
    named = [p for p in parties if p.end <= verb.start() and not p.demonym]
    pair = [
        (a, b)
        for a, b in itertools.pairwise(named)
        if re.fullmatch(r"\s+and\s+(?:the\s+)?", text[a.end : b.start])
        and len(text[b.end : verb.start()]) <= 30
    ]
    if not pair:
        return None
    first, second = pair[-1]
    if _SECOND_OF_PAIR.search(text[verb.end() : mention.start]):
        return second.party
    if _FIRST_OF_PAIR.match(text[mention.end :]):
        return first.party
    return None
