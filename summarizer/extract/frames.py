"""Direction of one counted group, from the words around it.

Captives go home: "230 Ukrainian prisoners of war" are received by Ukraine whatever verb
the outlet chose. Without a nationality the verb frame decides: "X returned … to Y",
"Y received", "from Russian captivity", "released by Hamas". What neither settles is
left open for the model (a closed choice between the article's sides).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from summarizer.extract.fallbacks import allys_enemy, by_kind
from summarizer.extract.holders import holder_of, own_side
from summarizer.extract.mentions import ITS, OURS, Mention
from summarizer.extract.parties import (
    ArticleSides,
    PartyMention,
    armed_groups,
    dyads,
    group_bases,
    hostage_takers,
    party_mentions,
)
from summarizer.extract.subjects import (
    clause_verb,
    gapped_subject,
    generic_subject,
    participle_subject,
    party_before,
    respective_subject,
    verb_between,
)
from summarizer.extract.verbs import GIVE, INTRANSITIVE, RECEIVE, RETURN_FOR, RETURN_OBJECT
from summarizer.text import SPEECH_VERBS

# "the bodies of 254 defenders are back in Ukraine": back in a side is back with it
_TO = re.compile(r"\b(?:to|into|home to|for|back in)\s+(?:the\s+)?$", re.IGNORECASE)
_BACK_HOME = re.compile(r"\bback\s+(?:home|to\s+(?:their|his|her)\s+(?:homeland|home))\b", re.I)
_PRISONS = re.compile(r"\s+(?:prisons?|jails?|detention)\b", re.IGNORECASE)
_FROM = re.compile(
    r"\b(?:(?:from|out of)(?:\s+(?:morgues|captivity|prisons?|jails?|detention|custody))?"
    r"(?:\s+in)?|by|held by|in the custody of|captivity in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ARMY = re.compile(r"(?i)[\w\s'’-]*?\b(?:army|armed forces|forces|military|navy|troops|ranks)\b")
# '"Today we received 13 prisoners," al-Murtada of the Houthis wrote': the speaker's side
_WE = re.compile(r"\bwe\s+(?:(?:have|had|also|now|just)\s+){0,2}$", re.IGNORECASE)
_SPEAKER_PRONOUN = re.compile(
    rf"\b(?:{SPEECH_VERBS})\s+(?:(?:on\s+)?[A-Z][a-z]+day\s+|yesterday\s+|today\s+)?"
    r"(?:that\s+)?(?:it|they)\s+"
    r"(?:had\s+|has\s+|have\s+|would\s+|will\s+|was\s+|were\s+)?(?:also\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Direction:
    giver: str | None
    receiver: str | None
    reason: str


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            chars[i] = " "
    return "".join(chars)


# "VILNIUS (Reuters) -", "KABUL, Afghanistan –", "MOSCOW, June 2 (TASS):", "Cairo:": where the
# story was filed, not a side acting in it
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'’-]{2,}(?:,\s*[A-Z][\w .]{1,30})?(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2})?\s*"
    r"(?:\([^)]{1,30}\))?\s*(?:[-–—:]|/[A-Z]+/\.)\s*"
    # "Cairo: The remains of 81 soldiers …": a city in title case before a colon
    r"|^\s*[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?:\s+(?=[A-Z\"“])"
)


def _dateline(sentence: str) -> list[tuple[int, int]]:
    m = _DATELINE.match(sentence)
    return [m.span()] if m else []


def clause(sentence: str, mention: Mention) -> tuple[int, int]:
    """The stretch of the sentence that speaks about this count: from the previous
    clause-ending mark (";", " while ", " and ... other count") to the next."""
    starts = [
        m.end() for m in re.finditer(r";|\bwhile\b|\bwhereas\b|\bbut\b", sentence[: mention.start])
    ]
    ends = [
        mention.end + m.start()
        for m in re.finditer(r";|\bwhile\b|\bwhereas\b|\bbut\b", sentence[mention.end :])
    ]
    return (starts[-1] if starts else 0), (ends[0] if ends else len(sentence))


_REBEL_NOUN = re.compile(r"(?i)rebels|insurgents|militants|guerrillas|militiamen|jihadists")
_SOLDIER_NOUN = re.compile(r"(?i)soldiers?|troops|servicem[ae]n|service members|policemen")


def _whose_by_noun(
    mention: Mention, sides: ArticleSides, giver: str | None, receiver: str | None
) -> str | None:
    """'Ten soldiers and ten rebels were freed', in a war between a state and one armed
    group and with no side named for them: the soldiers are the state's, the rebels the
    group's (captives go home)."""
    top = sides.sides[:2]
    groups = [p for p in top if p in armed_groups()]
    if giver or receiver or len(top) != 2 or len(groups) != 1:
        return None
    state = next(p for p in top if p != groups[0])
    if _REBEL_NOUN.fullmatch(mention.noun):
        return groups[0]
    if _SOLDIER_NOUN.fullmatch(mention.noun):
        return state
    return None


def _home_side(home: str | None, sides: ArticleSides) -> str | None:
    """'199 Lebanese fighters' in an Israel–Hezbollah article go to Hezbollah: a state that
    is not one of the article's two sides hands its people's return to the armed group
    from it that is."""
    top = sides.sides[:2]
    if home is None or home in top:
        return home
    based = [g for g in top if group_bases().get(g) == home]
    return based[0] if based else home


def _other_side_of_return(text: str, mention: Mention, p: PartyMention) -> bool:
    """'released two teachers in return for three commanders held by the Afghan
    government': what the words on the other side of "in return for" say about holders,
    places and receivers belongs to the other group."""
    if p.start >= mention.end:
        return bool(RETURN_FOR.search(text, mention.end, p.start))
    return p.end <= mention.start and bool(RETURN_FOR.search(text, p.end, mention.start))


_FREED_BY = re.compile(
    r"\b(?:freed|released|set free|let go|handed over|handed back|returned|repatriated)\s+"
    r"by\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def direction(
    sentence: str,
    mention: Mention,
    sides: ArticleSides,
    source_spans: list[tuple[int, int]],
    source_sides: Sequence[str] = (),
) -> Direction:
    """Who handed over and who received the counted group; None where the words do not say."""
    text = _blank(sentence, [*source_spans, *_dateline(sentence)])
    lo, hi = clause(text, mention)
    parties = [p for p in party_mentions(text) if lo <= p.start < hi]
    parties = [
        p
        for p in parties
        if p.party not in sides.mediators or (p.party in sides.counts and p.party == mention.home)
    ]
    acting = parties  # who may be the subject of the verb, on either side of "in return for"
    parties = [p for p in parties if not _other_side_of_return(text, mention, p)]
    # "In return for the bodies of two soldiers, Israel handed back five prisoners to
    # Hezbollah": the verb after a group given in return, and its "to X", are the other's
    returned = RETURN_OBJECT.search(text[max(lo, mention.start - 60) : mention.start])
    if returned:
        parties = [p for p in parties if not verb_between(text, mention.end, p.start)]
    giver = receiver = held_by = None
    why = []
    # "to Ukraine", "from Russian captivity", "released by Hamas", "Kyiv-held territory"
    # "12 captives were handed over to Azerbaijan and 44 to Armenia": the nearest "to X"
    # after the count is its receiver
    to_sides = [
        p
        for p in parties
        if not mention.start <= p.start < mention.end
        and not p.demonym
        and _TO.search(text[max(lo, p.start - 12) : p.start])
    ]

    # "received one prisoner from Armenia and handed five over to Yerevan": a "to X" behind
    # another verb belongs to that verb's count
    def behind_another_verb(p: PartyMention) -> bool:
        # "… and handed five over to Yerevan": a second verb phrase joined by "and"
        between = text[mention.end : p.start]
        return p.start >= mention.end and any(
            (m := v.search(between)) is not None
            and re.search(r"\band\s+(?:then\s+|also\s+)?$", between[: m.start()]) is not None
            for v in (GIVE, RECEIVE)
        )

    def others_to(p: PartyMention) -> bool:
        # "1,000 bodies had been repatriated to Ukraine, and Russia received 19": a "to X"
        # before another verb is that verb's
        before_verb = p.end <= mention.start and verb_between(text, p.end, mention.start)
        return behind_another_verb(p) or before_verb

    to_sides = [p for p in to_sides if not others_to(p)]
    ahead = [p for p in to_sides if p.start >= mention.end]
    if ahead:
        receiver = min(ahead, key=lambda p: p.start).party
    elif to_sides:
        receiver = to_sides[0].party
    # "70 flying from Sanaa to Aden … and 250 flown from Aden to Sanaa": the nearest "from X"
    # after the count is its giver, as the nearest "to X" is its receiver
    from_ahead = [
        p
        for p in parties
        if p.start >= mention.end
        and not p.demonym
        and re.search(r"\bfrom\s+(?:the\s+)?$", text[max(lo, p.start - 12) : p.start])
    ]
    if from_ahead and ahead:
        giver = min(from_ahead, key=lambda p: p.start).party
    # "crossed into Ukraine from Belarus after being freed by Russia": who freed them
    # outranks the way they came
    agents = [p for p in parties if not p.demonym and _FREED_BY.search(text, lo, p.start)]
    if agents:
        giver = agents[0].party
    # "18 fishermen whom Haftar's forces had held": who held them gave them up
    holder = holder_of(text, mention, parties)
    if holder is not None and not agents:
        giver = holder
        why.append(f"{holder} held them")
    for p in parties:
        if p.start >= mention.start and p.start < mention.end:
            continue
        if _TO.search(text[max(lo, p.start - 12) : p.start]) and not p.demonym:
            if not others_to(p):
                receiver = receiver or p.party
        elif 0 <= p.start - mention.end < 12 and _ARMY.match(text[p.start : p.end + 16]):
            # "100 prisoners of war from the Sudanese Armed Forces": whose soldiers they are
            receiver = receiver or p.party
        elif (
            _FROM.search(text[max(lo, p.start - 20) : p.start])
            or re.match(r"[-\s](?:held|controlled|captivity|custody)", text[p.end : p.end + 12])
        ) and not verb_between(text, p.end, mention.start):
            giver = giver or p.party
            held_by = held_by or (p.party if _PRISONS.match(text[p.end : p.end + 12]) else None)
    # "in exchange for", "traded for": they join the two groups, they are no verb of either
    joins = [(m.start(), m.end()) for m in RETURN_FOR.finditer(text, lo, hi)]
    verb_give = [
        m for m in GIVE.finditer(text, lo, hi) if not any(a <= m.start() < b for a, b in joins)
    ]
    verb_receive = [m for m in RECEIVE.finditer(text, lo, hi)]
    # "Ukraine won the release of 64 soldiers": "release" inside a receiving phrase
    verb_give = [
        m for m in verb_give if not any(r.start() <= m.start() < r.end() for r in verb_receive)
    ]
    intrans = [m for m in INTRANSITIVE.finditer(text, lo, hi) if m.start() >= mention.end - 1]
    # the verb governing the count: the last one before it, else the first one after it
    before = [m for m in verb_give + verb_receive if m.start() < mention.start]
    after = [m for m in verb_give + verb_receive if m.start() >= mention.end]
    verb = (
        max(before, key=lambda m: m.start())
        if before
        else (min(after, key=lambda m: m.start()) if after else None)
    )
    # "Boko Haram released 82 girls in exchange for five of its commanders", "In return for
    # the two bodies, Israel will hand back five": the verb's subject is the other group's;
    # this one went the other way (siblings.in_return), unless its nationality says
    if verb is not None and not (intrans and verb in after) and not returned:
        outside = [
            p for p in acting if p.start >= lo and not mention.start <= p.start < mention.end
        ]
        # "… and the government will free 900": a subject named by what it is, right before
        # the verb, outranks a side named earlier in the sentence
        subject = (
            respective_subject(text, verb, mention, outside)
            or gapped_subject(text, mention, outside)
            or generic_subject(text[lo : verb.start()], sides)
            or (
                participle_subject(text[lo : verb.start()], sides)
                if verb.group(0).lower().endswith("ing")
                else None
            )
            or party_before(
                text, clause_verb(text, verb, verb_give + verb_receive).start(), outside
            )
        )
        if (
            subject is None
            and source_sides
            and (_SPEAKER_PRONOUN.search(text[: verb.start()]) or _WE.search(text[: verb.start()]))
        ):
            subject = source_sides[0]  # "the ministry said it had returned …": the speaker
        if subject is not None:
            if verb in verb_receive or (
                # "Ukraine repatriated the bodies of 563 fallen defenders": brought its dead home
                verb.group(0).lower().startswith("repatriat") and mention.category == "remains"
            ):
                receiver = receiver or subject
                why.append(f"{subject} is the subject of '{verb.group(0)}'")
            elif subject != receiver:
                giver = giver or subject
                why.append(f"{subject} is the subject of '{verb.group(0)}'")
    if mention.home in (OURS, ITS):  # "100 of our people", "12 of its soldiers"
        mention = replace(mention, home=own_side(mention, sentence, sides, source_sides))
    home = _home_side(mention.home, sides) or _whose_by_noun(mention, sides, giver, receiver)
    if home is not None:
        mention = replace(mention, home=home)
    told_to = receiver if to_sides else None
    if (
        mention.home is not None
        and told_to is not None
        and told_to != mention.home
        and mention.home in armed_groups()
        and told_to not in armed_groups()
        and giver is not None
        and not {(giver, mention.home), (mention.home, giver)} & set(dyads())
        and group_bases().get(mention.home) != told_to
    ):
        # "the M23 hand 20 FDLR fighters over to Rwanda": a group's fighters handed to a state
        # named in the sentence go to that state, not home to their group
        why.append(f"handed to {told_to}, named as the receiver")
    elif mention.home is not None:
        if receiver is not None and receiver != mention.home:
            why.append(f"the {mention.noun} are {mention.home}'s people, so they went home to it")
        receiver = mention.home
        if giver == receiver:
            giver = None
        why.append(f"the {mention.noun} are {mention.home}'s")
    group = [p for p in sides.sides[:2] if p in armed_groups()]
    if (
        mention.category == "hostages"
        and len(group) == 1
        and giver != group[0]
        and giver not in armed_groups()  # "the ELN had separately freed five employees"
        and held_by is None  # "freed from Israeli prisons": a state's prisoners, not hostages
        and not returned  # "82 girls in exchange for five of its commanders"
    ):
        if receiver == group[0] or receiver is None:
            receiver = None
        giver = group[0]  # hostages are held by an armed group (records.md)
        why.append(f"hostages are held by {group[0]}")
    takers = [p for p in sides.sides[:2] if p in hostage_takers()]
    if (
        receiver is None
        and giver is None
        and len(takers) == 1
        and mention.home is None
        and re.match(r"(?i)prisoner|detainee", mention.noun)
    ):
        # hostages for prisoners: the prisoners are held by the state, freed to the group
        receiver = takers[0]
        why.append(f"prisoners in a war with {takers[0]} are held by the other side")
    if receiver is None and giver is None:
        # "the exchange brought the bodies of 80 back to their homeland", said by Kyiv
        home_words = intrans or list(_BACK_HOME.finditer(text, lo, hi))
        receiver, giver, reason = by_kind(mention, sides, home_words, source_sides)
        if reason:
            why.append(reason)
    if receiver is not None and giver is None:
        giver = sides.counterpart(receiver)
    elif giver is not None and receiver is None:
        receiver = sides.counterpart(giver)
    if giver is not None and giver == receiver:
        giver = receiver = None
    if giver is not None and receiver is not None:
        # "flown from Saudi Arabia to Yemen": the coalition's prisoners go to the group
        # it fights, not to its ally's government
        ally = receiver
        receiver = allys_enemy(receiver, giver, sides)
        if receiver != ally:
            why.append(f"{giver} fights beside {ally}: its captives go to {receiver}")
    return Direction(giver, receiver, "; ".join(why))
