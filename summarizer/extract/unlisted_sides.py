"""Sides no table lists, found by what the article shows them doing.

Why: on fresh articles most sides the tables miss went unfound (5 of 36 on the validation
set), and their flows went to whichever listed side the article named in passing. A
gazetteer cannot hold every guerrilla band, breakaway faction and regional government, and
a stricter name shape ("… Liberation Front") misses "the Segunda Marquetalia" or "UNITA".
So code takes any name the article introduces with an acronym, any acronym it uses twice and
any capitalised name that opens a release clause, and keeps those the article shows acting
as a side: freeing, holding, taking or receiving captives, or having fighters counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache

from summarizer.extract.named_groups import (
    CALENDAR_WORDS,
    NAME_WORD,
    acting_sides,
    leader_sides,
    named_groups,
)
from summarizer.extract.parties import all_parties, party_mentions

_LINK = r"(?:al|el|ul|wa|ash|ahl|of|and|for|the|de|del|la|du|e)"
_NAME = rf"{NAME_WORD}(?:[ -]+(?:{_LINK}[ -]+)*{NAME_WORD}){{0,7}}"
_SHORT = r"[A-Z][A-Z0-9]{1,6}(?:-[A-Z0-9]{1,3})?"

# "the National Union for the Total Independence of Angola, also known as UNITA", "the
# October 8 Revolutionary Movement, or MR-8", "the Kurdistan Regional Government (KRG)"
_INTRODUCED = re.compile(
    rf"(?P<name>{_NAME})(?:\s*\(|,\s+(?:also\s+)?(?:known\s+as|or|called)\s+(?:the\s+)?)"
    rf"(?P<short>{_SHORT})(?=[),.;]|\s)"
)
_ACRONYM = re.compile(r"(?<![\w-])(?P<short>[A-Z]{3,6}(?:-[A-Z0-9]{1,3})?)(?![\w-])")
_RELEASE = (
    r"(?:let\s+go|freed|frees|released|releases|handed|hands|returned|returns|set\s+free|"
    r"swapped|exchanged|holds|held|is\s+holding|was\s+holding|had\s+been\s+holding|"
    r"kidnapped|abducted|seized|captured|took|takes|received|receives|freeing|releasing)"
)
# "the Segunda Marquetalia freed this person": a name opening a release clause
_SUBJECT = re.compile(
    rf"(?:^|(?<=[.;:,\"“]\s)|(?<=\n)|(?<=\bthe\s)|(?<=\bThe\s))(?P<name>{_NAME})\s+"
    rf"(?:(?:has|have|had|then|also|later|reportedly|finally|on\s+\w+)\s+){{0,2}}{_RELEASE}\b"
)
# names that open sentences, report or mediate, never a side that holds captives
_NOT_A_SIDE = re.compile(
    r"(?i)\b(?:news|agency|press|times|post|radio|television|tv|observatory|human rights|"
    r"institute|university|red cross|red crescent|united nations|reuters|associated|"
    r"ministry|president|minister|spokes\w*|court|embassy|(?<!regional )government|accord|"
    rf"{CALENDAR_WORDS})\b"
)
_COMMON_ACRONYMS = frozenset(
    {"AFP", "BBC", "CNN", "TASS", "NATO", "ICRC", "UN", "US", "USA", "EU", "OSCE", "UAE",
     "RIA", "AP", "UPI", "NBC", "CBS", "ABC", "PTI", "IANS", "ANI", "DPA", "EFE", "ANSA",
     "RFA", "VOA", "RFE", "GMT", "UTC", "CEO", "MP", "MPS", "ID", "PM", "DNA", "SOHR",
     "UNHCR", "UNICEF", "OCHA", "WHO", "IOM", "NGO", "NGOS", "TV", "AKA", "POW", "POWS",
     "MIA", "KIA", "HQ", "FSB", "SBU", "GUR", "CIA", "FBI", "KGB", "IDF", "ISW"}
)  # fmt: skip
_KIND = (
    r"(?:guerrilla|rebel|armed|militant|insurgent|separatist|jihadist|Islamist)\s+"
    r"(?:movement|group|organi[sz]ation|faction|front|force|militia|outfit|band)s?"
)
_CAPTIVES = (
    r"(?:fighters|members|militants|rebels|guerrillas|combatants|prisoners|detainees|"
    r"captives|hostages|men|cadres|commanders)"
)


def _acts(alias: str, text: str) -> bool:
    """The article shows *alias* acting as a side: it frees, holds, takes or receives
    captives ("UNITA freed", "held by the FMLN", "handed to the KRG"), or counts its
    fighters ("FMLN combatants", "the KRG's prisoners")."""
    a = re.escape(alias)
    return bool(
        re.search(
            rf"(?<![\w-]){a}(?:\s*\([^()]{{1,12}}\)|\))?(?:['’]s)?\s+"
            rf"(?:(?:has|have|had|then|also|later|reportedly|finally|"
            rf"would|will|to|on\s+\w+)\s+){{0,2}}{_RELEASE}\b|"
            rf"\b(?:held|captured|kidnapped|abducted|seized|taken|freed|released|holding|"
            rf"handed(?:\s+over|\s+back)?|returned|delivered)\s+(?:\w+\s+)?(?:by|to)\s+"
            rf"(?:the\s+)?{a}(?![\w-])|"
            rf"(?<![\w-]){a}(?:['’]s)?\s+(?:\w+\s+)?{_CAPTIVES}\b|"
            rf"\b(?:hands|custody|captivity|power)\s+of\s+(?:the\s+)?{a}(?![\w-])|"
            # "the FMLN never abandons its combatants": its own fighters
            rf"(?<![\w-]){a}(?![\w-])[^.;]{{0,40}}\b(?:its|their)\s+{_CAPTIVES}\b|"
            # "Savimbi's guerrilla movement, the National Union …": named as an armed group
            rf"\b{_KIND},?\s+(?:the\s+)?{a}(?![\w-])",
            text,
        )
    )


def _plain(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", " ".join(name.split()))


def _candidates(text: str) -> Iterator[tuple[str, str | None]]:
    """(name, acronym or None) for each name that could be a side."""
    for m in _INTRODUCED.finditer(text):
        yield _plain(m.group("name")), m.group("short")
    for m in _ACRONYM.finditer(text):
        yield m.group("short"), None
    for m in _SUBJECT.finditer(text):
        yield _plain(m.group("name")), None


def _listed_or_common(name: str) -> bool:
    words = name.split()
    return (
        any(m.start == 0 for m in party_mentions(name))  # a listed side, or one's body
        or bool(_NOT_A_SIDE.search(name))
        or name.upper() in _COMMON_ACRONYMS
        or (len(words) == 1 and not name.isupper())  # "Puntland" is `acting_sides`'s
    )


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())


def initialisms(text: str, known: frozenset[str] = frozenset()) -> dict[str, str]:
    """Acronyms (lower case) -> the side whose initials they are, listed or in *known*:
    "the MILF" in an article that names the Moro Islamic Liberation Front in full."""
    shorts = {m.group("short") for m in _ACRONYM.finditer(text)}
    own = {_initials(p): p for p in known if len(p.split()) >= 3}
    listed = _listed_initials()
    shorts = {s for s in shorts if (s in own or s in listed) and not party_mentions(s)}
    if not shorts:
        return {}  # the whole-text scan below is the costly part: only when it can pay
    named = {m.party for m in party_mentions(text)}
    found = {}
    for short in shorts:
        sides = [p for p in listed.get(short, ()) if p in named]
        if short in own or sides:
            found[short.lower()] = own.get(short) or sides[0]
    return found


@cache
def _listed_initials() -> dict[str, tuple[str, ...]]:
    """Initials -> the listed sides of three words or more that have them."""
    by_initials: dict[str, list[str]] = {}
    for party in sorted(all_parties()):
        if len(party.split()) >= 3:
            by_initials.setdefault(_initials(party), []).append(party)
    return {k: tuple(v) for k, v in by_initials.items()}


def unlisted_sides(
    text: str, known: frozenset[str] = frozenset(), spelled: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Aliases (lower case) -> name of each side no table lists that the article shows
    acting (`_acts`) and names at least twice. An introduced acronym is an alias of the full
    name, which is the name even where the acronym is used more (47 of 52 tuning labels do so,
    and it is the name other outlets share); names in *known* are left to their finder."""
    found: dict[str, str] = {}
    # "the Government of National Accord (GNA)": the acronym of a name that is no side
    blocked = {m.group("short") for m in _INTRODUCED.finditer(text)
               if _listed_or_common(_plain(m.group("name")))}  # fmt: skip
    spelled = initialisms(text, known) if spelled is None else spelled
    for name, short in _candidates(text):
        if name.lower() in found or name in known or name in blocked or _listed_or_common(name):
            continue
        if short is not None and (short.upper() in _COMMON_ACRONYMS or party_mentions(short)):
            continue
        if name.lower() in spelled:
            continue  # "MILF": a listed side's initials
        aliases = [name] + ([short] if short else [])
        uses = {a: len(re.findall(rf"(?<![\w-]){re.escape(a)}(?![\w-])", text)) for a in aliases}
        if sum(uses.values()) < 2 or not any(_acts(a, text) for a in aliases):
            continue
        canonical = name
        for alias in aliases:
            found.setdefault(alias.lower(), canonical)
    return found


def sides_of_article(text: str) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """Everything `groups_of_article` needs for one article: its armed groups no table
    lists (by name, by leader, by what they do), its other sides and aliases ("Puntland
    let go 15 …", "the CAR" for a listed state), and the leaders' factions that take
    hostages, which they do when the article calls their captives so."""
    leaders = leader_sides(text)
    takers = set(leaders.values()) if re.search(r"(?i)\bhostages?\b", text) else set()
    named = {**leaders, **named_groups(text)}
    # "the MILF" where the article names a side with those initials: an alias of that side,
    # which keeps its own standing (a listed state spelled so is no armed group here)
    spelled = initialisms(text, frozenset(named.values()))
    named = {**unlisted_sides(text, frozenset(named.values()), spelled), **named}
    return named, {**spelled, **acting_sides(text)}, takers
