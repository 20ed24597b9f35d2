"""What a number counts: the captive noun phrase after it, its kind and whose people.

"230 Ukrainian prisoners of war" counts prisoners of war whose home is Ukraine; "the
bodies of" or "fallen" make remains; "three-day", "two countries" and "swap" end the
phrase, so those numbers count nobody. Kept apart from `mentions`, which decides which
numbers in a sentence are counts at all.
"""

from __future__ import annotations

import re

from summarizer.extract.parties import armed_groups, demonym_nouns, demonym_party, party_mentions

# captive nouns → category; "people" means the noun does not say which kind
_NOUNS: list[tuple[str, str]] = [
    (r"prisoners?[ -]of[ -]war|war prisoners|pows?|p\.o\.w\.s?|powS", "prisoners_of_war"),
    (r"bod(?:y|ies)|remains|corpses|war dead", "remains"),
    (r"hostages?|abductees", "hostages"),
    (r"captives", "people"),
    (
        r"civilians?|residents|children|minors|journalists?|medics|doctors?|priests?|clergym[ae]n|"
        r"merchant (?:sailors|seamen|mariners)",
        "civilians",
    ),
    (r"detainees?|inmates?|convicts?|political prisoners?|prisoners?|captives", "detainees"),
    (
        # singulars too: "one policeman and a soldier", "one officer"
        r"servicem[ae]n|servicewom[ae]n|service ?members?|service personnel|soldiers?|troops|"
        r"military personnel|military|fighters?|defenders?|warriors?|marines?|officers?|"
        r"sergeants?|privates|guardsm[ae]n|border guards?|combatants?|militants?|servicepeople|"
        r"paratroopers?|national guard\w*|conscripts?|sailors?|pilots?|volunteers|"
        r"mercenar(?:y|ies)|commanders?|militiam[ae]n|insurgents?|rebels|guerrillas?|"
        r"jihadists?|policem[ae]n|policewom[ae]n|gendarmes?|cadets?|recruits|reservists?|"
        r"operatives?|peacekeepers?|airm[ae]n|commandos?",
        "prisoners_of_war",
    ),
    (
        r"people|persons|individuals|men|women|(?:women and children)|"
        r"workers|farmworkers|captured|released|returnees|crew(?: members)?|sailors|seafarers|"
        r"crewmen|fishermen|employees|staff(?: members)?|miners|contractors|engineers|tourists|"
        r"missionaries|schoolgirls|schoolboys|girls|boys|students|pupils|nuns|geologists|"
        r"technicians|truck drivers|drivers|farmers|herders|villagers|passengers|elders|"
        r"traders|shepherds|pilgrims|teachers|nurses|professors|academics|researchers|"
        r"scholars|scientists|activists|dissidents|politicians|lawmakers|diplomats|"
        r"business(?:men|women|people)|executives|clerics|monks|bishops|pastors|lawyers|"
        r"bloggers|reporters|photographers|cameramen|tribesmen|leaders|figures|agents|officials|"
        + "|".join(re.escape(w) for w in demonym_nouns()),
        "people",
    ),
    (
        r"citizens|nationals",  # a state's people who are not soldiers
        "civilians",
    ),
    (r"casualties|fatalities", "people"),  # counted to be a figure, never handed over
]
_NOUN_RE = [(re.compile(rf"(?:{p})\b", re.IGNORECASE), c) for p, c in _NOUNS]
# words that end the noun phrase after a number: the number does not count a captive noun
_BREAK = re.compile(
    r"^(?:said|says|were|was|are|is|be|been|have|has|had|who|whom|which|that|in|on|at|from|to|"
    r"by|with|since|after|before|during|into|as|than|for|per|while|when|and|or|but|under|"
    r"amid|following|despite|through|via|across|near|within|"
    r"days?|hours?|years?|months?|weeks?|times|countries|nations|percent|per cent|km|"
    r"kilometres?|kilometers?|miles?|drones?|missiles?|shells?|flights?|buses|planes?|"
    r"tons?|tonnes|dollars?|euros?|rounds?|exchanges?|swaps?|stages?|phases?|regions?|"
    r"villages?|towns?|cities|sides?|parties|am|pm|gmt|bc|ad|"
    # "Guerrilla Front 16 handed Police Officer …": a verb ends the phrase
    r"handed|turned|gave|took)$",
    re.IGNORECASE,
)
_DEAD = re.compile(r"^(?:fallen|dead|deceased|killed|slain|perished)$", re.IGNORECASE)
_POSSESSIVE_REMAINS = re.compile(r"^['’]s?\s+(?:bod(?:y|ies)|remains|corpses)\b", re.IGNORECASE)


_COMPOUND = re.compile(
    r"^[\s-]+(?:swaps?|exchanges?|deals?|talks|releases?|transfers?|handovers?|camps?|"
    r"lists?|issues?|cases?|affairs|status|repatriations?|identification)\b",
    re.IGNORECASE,
)


def _group_named(word: str) -> str | None:
    """'37 RSF fighters', '12 Hamas militants', '4 US dual-national prisoners': a side's
    name used as a modifier says whose people they are, the way a demonym does."""
    # "250 Houthi-affiliated prisoners", "pro-Russian fighters": the side they belong to
    word = re.sub(r"(?i)^pro-|-(?:affiliated|aligned|allied|linked|loyal)$", "", word)
    named = party_mentions(word)
    if len(named) == 1 and named[0].start == 0 and named[0].end == len(word):
        return named[0].party
    return None


def _noun_at(rest: str, start: int) -> tuple[int, str, str] | None:
    for pattern, category in _NOUN_RE:
        m = pattern.match(rest, start)
        if m:
            return m.end(), m.group(0), category
    return None


def noun_after(rest: str) -> tuple[int, str, str, str | None] | None:
    """(offset of the noun's end, noun, category, home) when *rest* starts a captive noun
    phrase within five modifier words; None when a break word comes first.

    "3,000 fallen Ukrainian soldiers" are remains of Ukraine's people; "50 women and
    children hostages" are hostages; "1,212 soldiers' bodies" are remains.
    """
    pos = 0
    home: str | None = None
    dead = False
    for _ in range(6):
        gap = re.match(r"\s*", rest[pos:])
        start = pos + (gap.end() if gap else 0)
        hit = _noun_at(rest, start)
        if hit is not None and _COMPOUND.match(rest[hit[0] :]):
            return None  # "one more prisoner of war swap": the noun modifies "swap"
        if hit is not None:
            end, noun, category = hit
            if category == "people":
                home = home or demonym_party(noun) or demonym_party(noun[:-1])
                # "women and children hostages": the kind comes at the end of the phrase
                words = list(re.finditer(r"\s+(?:and\s+)?[\w'’-]+", rest[end : end + 40]))
                for gap_word in words[:3]:
                    text = gap_word.group(0)
                    if _BREAK.match(text.strip()):
                        break  # "women and children under hostage-for-prisoner deal"
                    later = _noun_at(rest, end + gap_word.start() + len(text) - len(text.lstrip()))
                    if later is not None and later[2] != "people":
                        end, noun, category = later[0], rest[start : later[0]], later[2]
                        break
            if _POSSESSIVE_REMAINS.match(rest[end:]) or (dead and category != "remains"):
                category = "remains"
            elif _mixed_after(rest[end:], category):
                category = "mixed"
            return end, noun, category, _home_after(rest[end:], home)
        word_m = re.match(r"[\w'’.-]+", rest[start:])
        if word_m is None:
            if dead:  # "the remains of 909 fallen." with no noun after
                return start, "fallen", "remains", home
            return None
        word = word_m.group(0).strip(".")
        following = rest[start + word_m.end() :].split()[:1]
        if (
            word.lower() == "and"
            and home is not None
            and following
            and demonym_party(following[0].strip(",."))
        ):
            pos = start + word_m.end()  # "199 Lebanese and Palestinian fighters"
            continue
        if _BREAK.match(word) or re.match(r"\d", word):
            return None
        if _DEAD.match(word):
            dead = True
        elif (
            home is not None
            and demonym_party(word) is None
            and (group := _group_named(word)) in armed_groups()
        ):
            home = group  # "seven Afghan Taliban prisoners": the group's, not the country's
        elif home is None and not re.match(r"(?i)[a-z]+-(?:held|controlled|backed)$", word):
            two = " ".join(rest[start:].split()[:2])
            home = (
                demonym_party(two)
                or demonym_party(word)
                or _group_named(word)
                or _group_named(word_m.group(0))  # "2 U.S. citizens"
            )
        pos = start + word_m.end()
    return None


_KINDS_AFTER = re.compile(
    r"^(?:\s*,)?\s+(?:both\s+)?(?:([\w-]+)\s+)?(?:and|as well as|&)\s+([\w-]+)", re.IGNORECASE
)


def _mixed_after(rest: str, category: str) -> bool:
    """'32 soldiers and civilians', '390 people, both military and civilians': one
    number counting two kinds is of mixed kind."""
    m = _KINDS_AFTER.match(rest)
    if m is None:
        return False
    kinds = {category} if category != "people" else set()
    for word in m.groups():
        hit = _noun_at(word, 0) if word else None
        if hit is not None and hit[0] == len(word) and hit[2] != "people":
            kinds.add(hit[2])
    return len(kinds) >= 2


_OF_HOME = re.compile(r"^\s*of\s+(?:the\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")


def _home_after(rest: str, home: str | None) -> str | None:
    """'soldiers of the Ukrainian army', 'citizens of Ukraine' name whose people they are."""
    if home is not None:
        return home
    m = _OF_HOME.match(rest)
    if m:
        word = m.group(1).split()[0]
        # "soldiers of the Ukrainian army", "five citizens of Ukraine have come home"
        return demonym_party(word) or _group_named(m.group(1)) or _group_named(word)
    return None
