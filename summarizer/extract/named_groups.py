"""Armed groups no table lists, found by how the article names them.

Why: an article about "the Jaish al-Mujahideen faction" or "al-Qaeda's Wa Harid
al-Mu'minin operations room" names a side the gazetteer cannot hold (there are hundreds,
and they split and rename). Without it the flows went to whichever listed group the
article mentioned in passing. Code reads the name from the words around it: a group
noun after it, a kind of group before it, or an Arabic head word that names a formation.
"""

from __future__ import annotations

import re

from summarizer.extract.parties import demonym_party, party_mentions
from summarizer.normalize import numbers_in

# a capitalised word of a name ("Al-Sham", "Asa'ib")
NAME_WORD = r"[A-Z][\w'’]*(?:-[\w'’]+)*"
_LINK = r"(?:al|el|ul|wa|wal|ash|as|at|ad|an|ar|az|ahl|of|and|for|the|de|del|la|du)"
_NAME = rf"{NAME_WORD}(?:[ -]+(?:{_LINK}[ -]+)*(?:al-|el-)?{NAME_WORD})*"

# "Jaish-al-Mujahideen", "Faylaq Al-Sham", "Kataib Hezbollah", "Asa'ib Ahl al-Haq"
_HEAD = re.compile(
    r"(?<![\w-])(?P<name>(?:Jaish|Jaysh|Faylaq|Liwa|Harakat|Jabhat|Kata'?ib|Kataeb|Ahrar|"
    rf"Ansar|Hay'?at|Saraya|Asa'?ib|Firqat|Jamaat|Jama'at|Tanzim)[ -]+(?:{_LINK}[ -]+)*"
    rf"(?:al-|el-)?{NAME_WORD}(?: +(?:{_LINK}[ -]+)*(?:al-|el-)?{NAME_WORD})*)"
)
# "the Jaish-al-Mujahideen faction", "al-Qaeda's Wa Harid al-Mu'minin operations room"
_BEFORE_NOUN = re.compile(
    rf"(?:^|(?<=[\s(\"“]))(?P<name>{_NAME}|(?:Wa|Al|al)[ -]+{_NAME}) +"
    r"(?:(?:armed|rebel|militant|jihadist|Islamist|insurgent|militia)\s+)?"
    r"(?:group|faction|militia|operations room|brigades?|battalions?|rebels|insurgents|"
    r"fighters|militants)\b"
)
# "the rebel group Jaish al-Adl", "an armed faction called Ahl al-Bayt"
_AFTER_KIND = re.compile(
    r"\b(?:armed|rebel|militant|jihadist|insurgent|Islamist|extremist|separatist)\s+"
    r"(?:group|faction|movement|militia|organi[sz]ation|coalition) *,? +"
    rf"(?:(?:called|named|known as)\s+)?(?:the\s+)?(?P<name>{_NAME})"
)
# "the Ogaden National Liberation Front", "the Moro Islamic Liberation Front", "the Free Aceh
# Movement", "the Sudan People's Liberation Movement-North": a proper name ending in the word
# for an armed formation names one, with or without an acronym after it
_ENDS_AS_FORMATION = re.compile(
    rf"(?:^|(?<=[\s(\"“]))(?P<name>{_NAME}[ -]+(?:Front|Army|Movement|Alliance|Brigades?|"
    r"Militia|Tigers|Mujahideen)(?:-[A-Z][a-z]+)?)\b"
)
_ACRONYM = re.compile(r"\s*\((?P<short>[A-Z]{2,6})\)")
# "the West Papua National Liberation Army (TPNPB)", "the Movement of Democratic Forces of
# Casamance, MFDC,": an armed formation introduced with its acronym, the way news does
_INTRODUCED = re.compile(
    rf"(?:^|(?<=[\s(\"“]))(?P<name>{_NAME})(?:\s*\(|,\s+)(?P<short>[A-Z]{{2,6}})(?=[),])"
)
_FORMATION = re.compile(
    r"\b(?:Army|Front|Movement|Forces|Liberation|Brigades?|Alliance|Resistance|Militia|"
    r"Mujahideen|Insurgency|Rebellion)\b"
)
_STATE_BODY = re.compile(
    r"\b(?:Police|Ministry|Committee|Cross|Crescent|Agency|Service|Office|Commission|"
    r"Nations|Guard|Navy|Air|Government|Council|Union|Community|Court|Directorate|Staff)\b"
)
_MEMBERS_OF = re.compile(
    r"^(?:Fighters|Members|Militants|Rebels|Units?|Commanders?|Leaders?|Forces) of (?:the )?"
)


def _state_army(name: str) -> bool:
    """'Sudanese Armed Forces', 'Ukrainian Army': a state's own army, named from the state."""
    first = party_mentions(name)[:1]
    return bool(first) and first[0].start == 0 and bool(
        re.fullmatch(r"\s*(?:Armed Forces|Army|Military|Forces|Navy)", name[first[0].end :])
    )

# capitalised words that start sentences or qualify a group without naming one
_NOT_NAMES = frozenset(
    {
        "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
        "rebel", "rebels", "islamist", "islamic", "jihadist", "shia", "shiite", "sunni", "salafist",
        "militant", "armed", "opposition", "government", "pro-government", "anti-government",
        "wagner", "red", "contact", "working", "minsk", "national", "border", "state", "police",
        "trilateral", "arab", "western", "kurdish", "druze", "christian", "muslim", "human",
        "rights", "in", "on", "at", "after", "before",
        "when", "while", "but", "and", "or", "as", "by", "for", "with", "from", "of", "both",
    }
)


def _acceptable(name: str) -> bool:
    words = [w.strip("'’").lower() for w in re.split(r"[\s-]+", name)]
    head = words[0]
    if head in _NOT_NAMES or demonym_party(head) is not None:
        return False  # "Syrian rebel faction", "The group", "Wagner group"
    if numbers_in(words[0]) or numbers_in(name.split()[0]):
        return False  # "Twenty-one Houthi fighters": a count opening the sentence
    if any(p.start == 0 for p in party_mentions(name)):
        # a listed side ("the Islamic State group") or a phrase that starts with one
        # ("Iran-backed Houthi fighters"); "Kataib Hezbollah" is a group of its own
        return False
    return len(words) >= 2 or (name.isupper() and len(name) >= 3)


def _tidy(name: str) -> str:
    name = re.split(r"['’]s\s+", " ".join(name.split()))[-1]  # "al-Qaeda's Wa Harid …"
    name = re.sub(r"^(?:the|The)\s+", "", name)
    return re.sub(r"(?:'s|’s)$", "", name)


def named_groups(text: str) -> dict[str, str]:
    """Aliases (lower case) -> name of each armed group the article names and no table
    lists; an acronym in brackets after the name is an alias."""
    found: dict[str, str] = {}
    for m in _INTRODUCED.finditer(text):
        name = _MEMBERS_OF.sub("", _tidy(m.group("name")))
        if party_mentions(m.group("short")) or _STATE_BODY.search(name):
            continue  # "(FARC)": a side the tables know; "(CRPF)": a state's force
        if _FORMATION.search(name) and not _state_army(name) and _acceptable(name):
            found.setdefault(name.lower(), name)
            found.setdefault(m.group("short").lower(), name)
    for pattern in (_HEAD, _BEFORE_NOUN, _AFTER_KIND, _ENDS_AS_FORMATION):
        for m in pattern.finditer(text):
            read = _formation_name if pattern is _ENDS_AS_FORMATION else _listed_kind_name
            group = read(m.group("name"))
            if group is None or group.lower() in found:
                continue
            found[group.lower()] = group
            short = _ACRONYM.match(text, m.end("name"))
            if short and not party_mentions(short.group("short")):
                found.setdefault(short.group("short").lower(), group)
    return found


def _listed_kind_name(raw: str) -> str | None:
    """The group's name as the other patterns catch it ("al-Qaeda's Wa Harid …" cut at "'s")."""
    name = _MEMBERS_OF.sub("", _tidy(raw))
    return name if _acceptable(name) else None


def _formation_name(raw: str) -> str | None:
    """'the Lord's Resistance Army' is one name (no cut at "'s"); a state's own army or body
    is none; a name a state's name opens is a group when it says liberation or people's
    ("the Sudan People's Liberation Movement-North")."""
    name = _MEMBERS_OF.sub("", re.sub(r"^(?:the|The)\s+", "", " ".join(raw.split())))
    if not _acceptable(name) and not (
        len(name.split()) >= 3
        and re.search(r"\b(?:Liberation|Independence|People'?s|Resistance)\b", name)
        and not any(p.end == len(name) for p in party_mentions(name))
    ):
        return None
    if _state_army(name) or _STATE_BODY.search(name):
        return None  # "the Ukrainian Army", "the Salvation Army"'s kind of name
    return name


_RELEASE_VERB = (
    r"(?:let go|freed|released|handed over|handed back|returned|repatriated|set free|"
    r"pardoned|swapped|exchanged)"
)
# "On Wednesday, Puntland let go 15 …", "In return, Somaliland freed 11 …"
_SUBJECT = re.compile(
    r"(?:^|(?<=[.;:,\"“]\s)|(?<=\band\s)|(?<=\bwhile\s))"
    rf"(?P<name>{NAME_WORD}(?:[ -]{NAME_WORD}){{0,2}})"
    rf"\s+(?:(?:has|have|had|then|also|later|on \w+)\s+){{0,2}}{_RELEASE_VERB}\b"
)
# "15 Somaliland prisoners", "11 Puntland detainees": whose people a count is
_MODIFIER = re.compile(
    r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"\w+teen|twenty|thirty|forty|fifty|dozens of|hundreds of)\s+"
    rf"(?P<name>{NAME_WORD}(?:[ -]{NAME_WORD}){{0,2}})\s+(?:prisoners|detainees|soldiers|fighters|"
    r"captives|hostages|troops|servicemen|POWs|militants|policemen|civilians|nationals)\b"
)
CALENDAR_WORDS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|"
    r"march|april|may|june|july|august|september|october|november|december"
)
_CALENDAR = re.compile(rf"(?i)^(?:{CALENDAR_WORDS})$")


def acting_sides(text: str) -> dict[str, str]:
    """Aliases (lower case) -> name of each side no table lists that the article shows
    acting as one: it hands captives over ("Puntland let go 15 …") and its people are
    counted ("11 Puntland detainees"). Both are needed: a person or a place rarely does both."""
    subjects = {_tidy(m.group("name")) for m in _SUBJECT.finditer(text)}
    counted = {_tidy(m.group("name")) for m in _MODIFIER.finditer(text)}
    found: dict[str, str] = {}
    for name in sorted(subjects & counted):
        words = [w.strip("'’").lower() for w in re.split(r"[\s-]+", name)]
        if words[0] in _NOT_NAMES or demonym_party(words[0]) is not None:
            continue
        if _CALENDAR.match(name) or party_mentions(name) or len(name) < 3:
            continue
        found[name.lower()] = name
    return found


_PERSON = r"[A-Z][a-z'’]+(?:[ -](?:(?:Ag|ag|al|el|bin|ibn|ben|de|da|van)[ -])?[A-Z][a-z'’]+){1,3}"
# "the warlord, Bakhram Sadirov", "the opposition commander, Ahmad Shah Massoud": a person
# the article introduces as leading an armed faction of no listed name
_LEADER = re.compile(
    r"\b(?:(?:rebel|militia|guerrilla|insurgent|separatist|faction|tribal|clan|"
    r"breakaway|renegade)\s+(?:leader|commander|chief|boss|warlord)|warlord|strongman|"
    r"opposition\s+(?:military\s+|field\s+)?commander)"  # an opposition leader: politics
    rf",?\s+(?P<name>{_PERSON})"
)
# "Abdul Rashid Dostum, commander of an anti-Taleban alliance"
_LEADER_OF = re.compile(
    rf"(?P<name>{_PERSON}),\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){{0,2}}?"
    r"(?:commander|leader|chief|head|warlord)\s+of\s+(?P<of>[^,.;]{0,60})"
)
# "a breakaway rebel faction under Ibrahim Ag Bahanga", "fighters loyal to Name Name"
_LED_BY = re.compile(
    r"\b(?:faction|group|militia|fighters|forces|men|gunmen|rebels|band)\s+"
    rf"(?:under|led by|loyal to|commanded by)\s+(?P<name>{_PERSON})"
)
_TITLE = re.compile(r"^(?:Mr|Mrs|Ms|General|Gen|Colonel|Col|Commander|Mullah|Sheikh)\.?\s+")


def leader_sides(text: str) -> dict[str, str]:
    """Aliases (lower case) -> full name of each person the article introduces as leading
    an armed faction it gives no name ("the warlord, Bakhram Sadirov"). Why: such a faction
    is known by its leader, so the contract's side is the person; the surname alone
    ("Sadirov let five go") names the side later. Only a person named again counts."""
    found: dict[str, str] = {}
    for pattern in (_LEADER, _LED_BY, _LEADER_OF):
        for m in pattern.finditer(text):
            if pattern is _LEADER_OF and any(
                not text[: m.start("of") + p.start].endswith("anti-")
                for p in party_mentions(m.group("of"))
            ):
                continue  # "Denis Pushilin, the leader of the DPR": the group is the side
            name = _TITLE.sub("", m.group("name"))
            words = name.split()
            if len(words) < 2 or words[0].lower() in _NOT_NAMES or party_mentions(name):
                continue
            if _CALENDAR.match(words[-1]) or demonym_party(words[0]) is not None:
                continue
            surname = words[-1]
            if len(re.findall(rf"\b{re.escape(surname)}\b", text)) < 2:
                continue  # named once: a leader in passing, not a side that acts
            found.setdefault(name.lower(), name)
            for i in range(1, len(words)):
                found.setdefault(" ".join(words[i:]).lower(), name)
    return found
