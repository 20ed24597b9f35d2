"""Named people handed over one by one ("Ksenia Karelina, a US citizen, was released").

Diplomatic swaps (US–Russia, US–Iran, US–Venezuela) and many hostage releases name people
instead of counting them. Code reads who went home the same way it reads counted groups:
a person's stated nationality is where they went, the side that released them is the
subject of the verb, and "in a trade for" someone names the way back. The count stays
empty (records.md: null when no number is given).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.extract.mentions import Mention
from summarizer.extract.parties import ArticleSides, PartyMention, hostage_takers, party_mentions
from summarizer.extract.readings import Reading
from summarizer.extract.roles import status
from summarizer.extract.subjects import before_apposition
from summarizer.text import SPEECH_VERBS

_NAME = (
    r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)"
    r"(?:\s+(?:[A-Z]\.\s+)?(?:de |van |al-|el-)?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?){1,2}"
)
_WHO = (
    r"citizens?|nationals?|journalists?|reporters?|correspondents?|business(?:man|woman)|"
    r"marines?|veterans?|teachers?|students?|researchers?|scholars?|academics?|activists?|"
    r"dancers?|ballerinas?|athletes?|(?:basketball |hockey |football )?(?:star|player)|"
    r"pilots?|sailors?|soldiers?|servicem[ae]n|mercenar(?:y|ies)|lawyers?|doctors?|nurses?|"
    r"priests?|hostages?|prisoners?|detainees?|captives?|resident|man|woman|"
    r"(?:arms|drug) dealer|hacker|spy|agent|officer|colonel|engineer|executive|worker|"
    r"official|diplomat|aid worker|tourist"
)
# "Artur Petrov, a Russian citizen", "Karelina, a dual US-Russian national"
_NAME_THEN_WHO = re.compile(
    rf"(?P<name>{_NAME}),\s+(?:a|an|the)\s+(?P<desc>(?:[\w-]+\s+){{0,4}}?(?:{_WHO}))\b"
)
# "US citizen Marc Fogel", "former US marine Paul Whelan", "Russian dissident Ilya Yashin"
_WHO_THEN_NAME = re.compile(
    rf"(?P<desc>(?:\b[\w.-]+\s+){{0,3}}?(?:{_WHO}))\s+(?P<name>{_NAME})\b(?!,\s+(?:a|an)\s)"
)
# "released an American, Mark Frerichs, in exchange for": a demonym standing for the person
_DEMONYM_THEN_NAME = re.compile(
    rf"\b(?:[Aa]n?|[Aa]nother)\s+(?P<desc>[A-Z][a-z]+(?:-[A-Z][a-z]+)?),\s+(?P<name>{_NAME})\b"
)
# "a Russian citizen imprisoned in the United States will be returned": one person, unnamed
_A_PERSON = re.compile(
    r"\b(?:[Aa]|[Aa]n)\s+(?P<desc>(?:[\w.-]+\s+){1,3}?(?:citizen|national|journalist|"
    r"businessman|businesswoman|reporter|student|teacher|veteran|marine|official|diplomat))"
    r"\b(?P<name>)"
)
# one person, unnamed, right after a release verb or as the subject of a passive one:
# "freed a French tourist", "released a Lebanese prisoner", "A Danish aid worker held by Iran
# for 14 months was freed"
_ONE_PERSON = (
    r"(?:aid worker|tourist|engineer|teacher|prisoner|hostage|soldier|journalist|citizen|"
    r"national|employee|worker|pilot|sailor|student|researcher|academic|doctor|nurse|priest|"
    r"businessman|businesswoman|woman|man|officer|diplomat|activist|fisherman|detainee|"
    r"captive|contractor|volunteer|reporter|photographer|lawyer|scientist|professor|"
    r"leader|commander|elder|cleric|policeman|guard|militant|fighter)"
)
# "let go an American and an Australian": a nationality standing for the person, followed
# by words that cannot be a noun after it
_NATIONALITY_AS_PERSON = (
    r"[A-Z][a-z]+(?=\s+(?:and|it|who|whom|that|he|she|in|on|to|from|after|as)\b|[,.;])"
)
_FREED_A_PERSON = re.compile(
    r"\b(?:releas(?:ed|es)|freed|let go|handed(?: over| back)?|pardoned|sent back|"
    r"repatriated|returned|(?:gave|given)(?=\s+the\s+(?:body|remains)))\s+"
    r"(?:the\s+(?:body|remains)\s+of\s+)?"
    rf"(?:an?|another|one more)\s+(?P<desc>(?:[\w.-]+\s+){{0,3}}?{_ONE_PERSON}|"
    rf"{_NATIONALITY_AS_PERSON})\b(?P<name>)"
)
# "… and an Australian", "… and an officer": a second person under the same verb
_AND_A_PERSON = re.compile(
    rf"\s+(?:and|as well as)\s+(?:an?|another)\s+(?P<desc>(?:[\w.-]+\s+){{0,3}}?{_ONE_PERSON}|"
    rf"{_NATIONALITY_AS_PERSON})\b(?P<name>)"
)
_A_PERSON_FREED = re.compile(
    rf"(?:^|(?<=[.;]\s))(?:The\s+(?:body|remains)\s+of\s+(?:an?|the)\s+|An?\s+|The\s+)(?P<desc>(?:[\w.-]+\s+){{0,3}}?{_ONE_PERSON})\b(?P<name>)"
    r"(?=[^.;]{0,60}?\b(?:was|has been|had been)\s+(?:freed|released|handed over|returned|"
    r"repatriated|pardoned|let go|flown home)\b)"
)
# "the United States let go Alexander Vinnik": no nationality, the verb's subject gave
_VERB_THEN_NAME = re.compile(
    rf"\b(?:releas(?:ed|es)|freed|let go|handed over|handed back|pardoned|sent back)\s+"
    rf"(?:(?!(?:from|in|at|to|into|via|near|outside|inside|on)\b)(?:[a-z][\w-]*|[A-Z]{{2,}})\s+)"
    rf"{{0,3}}?(?P<desc>)(?P<name>{_NAME})\b"
)
# "Bagram Prison", "Abu Dhabi Airport": places, not people
_PLACE_WORD = re.compile(
    r"\b(?:Prison|Jail|Airport|Palace|Hospital|Street|Square|Camp|Cent(?:er|re)|Base|Border|"
    r"Crossing|Station|Hotel|University|Church|Mosque|Province|Region|Oblast|District|City|"
    r"Sea|River|Bridge|Port|Gate|Ministry|Office|Council|Court|Service|Committee|Agency)$"
)
_FREED = re.compile(
    r"\b(?:releas(?:ed|e|es|ing)|free(?:d|s|ing)?|let go|brought (?:back|home)|"
    r"(?:came|come|returned|flew|flown|arrived)(?: back)? home|returned|handed|"
    r"(?:gave|given) the (?:body|remains)|"
    r"swap(?:ped)?|exchang(?:ed|e)|trad(?:ed|e)|pardon(?:ed|s)?|repatriat(?:ed|es|e))\b",
    re.IGNORECASE,
)
_IN_TRADE_FOR = re.compile(
    rf"\b(?:in (?:a |an |the )?(?:trade|exchange|swap) for|in return for|traded for|"
    rf"swapped for|exchanged for)\s+(?:(?:[a-z][\w-]*|[A-Z]{{2,}})\s+){{0,4}}(?P<name>{_NAME})"
)
_FOR_SOMEONE = re.compile(
    r"\bin (?:return|exchange) for (?P<who>(?:an?|the|two|three) (?:[\w-]+ ){0,4}?"
    rf"(?:{_WHO}|Swedes?|Americans?|Britons?|Frenchm[ae]n|Germans?))\b"
)
# the verbs whose subject gave the person up
_GIVING = r"(?:releas(?:ed|es)|freed|let go|handed over|handed back|pardoned|sent back)"
_GIVER_VERB = re.compile(rf"\b{_GIVING}\s+(?:[\w-]+\s+){{0,5}}?$", re.IGNORECASE)


@dataclass(frozen=True)
class PersonFlow:
    """One named person going from *giver* to *receiver*, as the sentence says."""

    start: int
    end: int
    name: str
    giver: str
    receiver: str
    why: str


def _nationality_word(text: str, mention: PartyMention) -> bool:
    """'Russian', 'US', 'Germany' say a nationality; 'the Tehran correspondent' names a
    place of work, not where the person goes home to."""
    return mention.demonym or text.lower() == mention.party.lower() or text.isupper()


def _home(desc: str, sides: ArticleSides, nearest_last: bool) -> str | None:
    """The side whose person this is, from the words describing them ("a US citizen");
    before the name the word nearest it counts ("Russia released US citizen X"); of two
    nationalities, one of the article's two sides wins."""
    desc = re.sub(r"(?<=[a-z])-(?=[A-Z])", " ", desc)  # "Chinese-American": both words
    named = [
        p.party
        for p in party_mentions(desc)
        if p.party in sides.counts and _nationality_word(desc[p.start : p.end], p)
    ]
    # "an American-Israeli" freed in an Israel–Hamas article goes to Israel
    named = [p for p in named if p in sides.sides[:2]] or named
    if not named:
        return None
    return named[-1] if nearest_last else named[0]


def _giver_before(sentence: str, start: int, sides: ArticleSides) -> str | None:
    """'the United States let go Alexander Vinnik': the side that is the verb's subject."""
    before = sentence[max(0, start - 120) : start]
    verb = _GIVER_VERB.search(before)
    if verb is None:
        return None
    named = [
        p
        for p in party_mentions(before)
        if p.party in sides.counts
        # "the Houthis freed": a people's name as the verb's subject is the side; "bodies
        # of Hezbollah guerrillas and freed": the possessor of another group is not
        and (not p.demonym or _VERB_NEXT.match(before, p.end))
        and not re.search(r"\bof\s+(?:the\s+)?$", before[: p.start])
    ]
    # "The ELN, Colombia's second-biggest rebel group, has let go"
    named = before_apposition(named, before, verb.start())
    return named[-1].party if named else None


_VERB_NEXT = re.compile(rf"\s+(?:(?:on \w+|have|has|had|also|then|later|in turn)\s+)*{_GIVING}")


_SPEAKS = re.compile(rf"\s*(?:,[^,]{{0,40}},\s*)?(?:{SPEECH_VERBS})\b")


def person_flows(
    sentence: str, sides: ArticleSides, last: tuple[str, str] | None = None
) -> list[PersonFlow]:
    """Every named person the sentence says was freed or swapped, with the way they went;
    people whose way the words do not give are left out. *last* is the way of the
    article's handover before this sentence: "they had been traded for Khan Mohammad"
    sends him against it when the sentence names no one else."""
    if not _FREED.search(sentence):
        return []
    found: list[PersonFlow] = []
    taken: list[tuple[int, int]] = []
    patterns = (
        _NAME_THEN_WHO, _WHO_THEN_NAME, _DEMONYM_THEN_NAME, _VERB_THEN_NAME,
        _FREED_A_PERSON, _A_PERSON_FREED, _A_PERSON,
    )  # fmt: skip
    for pattern in patterns:
        matches = list(pattern.finditer(sentence))
        if pattern is _FREED_A_PERSON:  # "let go an American and an Australian"
            matches += [a for m in matches if (a := _AND_A_PERSON.match(sentence, m.end()))]
        for m in matches:
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            name = m.group("name") or m.group(0)  # "a Russian citizen": unnamed
            if pattern is _A_PERSON and (found or re.search(r"\bby\s+$", sentence[: m.start()])):
                continue  # "Karelina, a US citizen who is also a Russian national": one person;
                # "brokered by a German official": the go-between
            if pattern is _A_PERSON and _SPEAKS.match(sentence, m.end()):
                continue  # "An ICRC official said the 14 POWs had been let go": the speaker
            if m.group("name") and (party_mentions(name) or _PLACE_WORD.search(name)):
                continue  # "Russian Federation", "Bagram Prison": places and sides, not people
            home = _home(m.group("desc"), sides, pattern is not _NAME_THEN_WHO)
            # an unnamed person ("freed a tribal leader"): the verb's subject is before the words
            at = m.start("name") if m.group("name") else m.start("desc")
            giver = _giver_before(sentence, at, sides)
            if home is not None:
                other = sides.counterpart(home)
                if other is None or other == home:
                    continue
                flow = PersonFlow(m.start(), m.end(), name, other, home, f"{name} is {home}'s")
            elif giver is not None and (back := sides.counterpart(giver)) is not None:
                flow = PersonFlow(m.start(), m.end(), name, giver, back, f"{giver} freed {name}")
            else:
                continue
            found.append(flow)
            taken.append((m.start(), m.end()))
    other_way = _FOR_SOMEONE.search(sentence)
    if other_way and found and not any(a <= other_way.start("who") < b for a, b in taken):
        # "an Iranian official was freed in Sweden in return for a European Union diplomat
        # and a second Swede": the way back, people unnamed and uncounted
        first, who = found[0], other_way.group("who")
        span = other_way.span("who")
        found.append(
            PersonFlow(*span, who, first.receiver, first.giver, f"{who} went the other way")
        )
    for m in _IN_TRADE_FOR.finditer(sentence):
        if any(a <= m.start("name") < b for a, b in taken) or party_mentions(m.group("name")):
            continue  # "in return for the United States freeing two nephews": a side
        if found:
            way, whom = (found[0].giver, found[0].receiver), found[0].name
        elif last is not None:
            way, whom = last, "the group freed before"
        else:
            continue
        found.append(
            PersonFlow(
                m.start("name"),
                m.end("name"),
                m.group("name"),
                way[1],
                way[0],
                f"{m.group('name')} went the other way, in return for {whom}",
            )
        )
    return sorted(found, key=lambda f: f.start)


def named_people(
    index: int,
    sentence: str,
    sides: ArticleSides,
    readings: list[Reading],
    sources: list[str],
    when: str | None,
) -> list[Reading]:
    """Named people freed one by one, unless a counted group of theirs went the same way
    in this sentence. Detainees, or hostages when a hostage-taking group freed them."""
    # (way, remains or not): "handed back the bodies of 3 guerrillas and freed a prisoner"
    # frees a living person beside the counted dead
    counted = {(r.giver, r.receiver, r.category == "remains") for r in readings if r.index == index}
    before = [
        (r.giver, r.receiver)
        for r in readings
        if r.index < index and r.role == "handed_over" and r.giver and r.receiver
        and not r.reverse
    ]  # fmt: skip
    out: list[Reading] = []
    for person in person_flows(sentence, sides, before[-1] if before else None):
        kind = _person_kind(sentence, person)
        if (person.giver, person.receiver, kind == "remains") in counted:
            continue
        counted.add((person.giver, person.receiver, kind == "remains"))
        mention = Mention(
            person.start, person.end, None, person.name, "people", "exact", person.receiver,
            False, person.name,
        )  # fmt: skip
        out.append(
            Reading(
                index=index,
                sentence=sentence,
                mention=mention,
                giver=person.giver,
                receiver=person.receiver,
                category=kind,
                status=status(sentence, mention),
                role="handed_over",
                sources=list(sources),
                date_text=when,
                why=person.why,
            )
        )
    return out


_TAKEN_HOSTAGE = re.compile(
    r"\b(?:taken|taking|took|held|holding)\s+(?:\w+\s+)?hostage\b|"
    r"\b(?:whom|who)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?\s+(?:had\s+)?(?:kidnapped|abducted)\b|"
    r"\b(?:was|were|had been)\s+(?:kidnapped|abducted)\b",
    re.I,
)


_BODY_OF = re.compile(
    r"(?i)\b(?:bod(?:y|ies)|remains|corpse)\s+of\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,3}$"
)


# "the remains Hamas had returned were those of Israeli hostage Meny Godard"
_REMAINS_WERE = re.compile(
    r"(?i)\b(?:bod(?:y|ies)|remains)\b[^.;]{0,60}\b(?:was|were|is|are)\s+"
    r"(?:those\s+of|that\s+of|identified\s+as)\s+[^.;,]{0,60}$"
)


def _person_kind(sentence: str, person: PersonFlow) -> str:
    """The body of a person is remains; a person freed by a hostage-taking group, or said
    in the sentence to have been taken hostage ("19 months after taking him hostage"), is a
    hostage; else a detainee."""
    if (
        _BODY_OF.search(sentence[max(0, person.start - 40) : person.start])
        or _REMAINS_WERE.search(sentence[max(0, person.start - 120) : person.end])
    ) or re.search(r"(?i)\bthe\s+(?:body|remains)\s+of\b", sentence[person.start : person.end]):
        return "remains"
    at = sentence.find(person.name, person.start)
    name_start, name_end = (at, at + len(person.name)) if at >= 0 else (person.start, person.end)
    if _BODY_OF.search(sentence[max(0, name_start - 40) : name_start]) or re.match(
        r"(?i)(?:['’]s)?\s+(?:body|bodies|remains|corpse)\b", sentence[name_end:]
    ):
        return "remains"  # "Bodies of servicemen A and B", "Gavrusha Arustamyan's body"
    if (
        person.giver in hostage_takers()
        or _TAKEN_HOSTAGE.search(sentence)
        or re.search(r"(?i)\bhostage\b", person.name)  # "an American hostage"
    ):
        return "hostages"
    return "detainees"
