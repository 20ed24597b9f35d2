"""Which number counts whom: numbers attached to a captive noun, read from the sentence.

"230 Ukrainian prisoners of war" is a count of prisoners of war whose home is Ukraine;
"the bodies of 1,000 soldiers" counts remains; "three-day", "two countries" and "the
65th swap" count nobody. "15 bodies for each hostage" is a ratio, and "103 each" or
"95 for 95" counts both directions. The small model got each of these wrong under
closed choices; the sentence's words decide them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.extract.numbers import (
    QUALIFIED,
    QUALIFIER_WORDS,
    is_date_or_year,
    numbers_in_sentence,
    qualifier_before,
)
from summarizer.extract.parties import (
    demonym_nouns,
    demonym_party,
    party_mentions,
)
from summarizer.normalize import words_to_int

# captive nouns → category; "people" means the noun does not say which kind
_NOUNS: list[tuple[str, str]] = [
    (r"prisoners?[ -]of[ -]war|war prisoners|pows?|p\.o\.w\.s?|powS", "prisoners_of_war"),
    (r"bod(?:y|ies)|remains|corpses|war dead", "remains"),
    (r"hostages?|abductees", "hostages"),
    (r"captives", "people"),
    (
        r"civilians?|residents|children|minors|journalists|medics|doctors|priests|clergymen",
        "civilians",
    ),
    (r"detainees|inmates|convicts|political prisoners|prisoners?|captives", "detainees"),
    (
        r"servicem[ae]n|servicewom[ae]n|service ?members|service personnel|soldiers?|troops|"
        r"military personnel|military|fighters|defenders|warriors|marines|officers|sergeants|"
        r"privates|guardsmen|border guards|combatants|militants|servicepeople|paratroopers|"
        r"national guard\w*|conscripts|sailors|pilots|volunteers|mercenaries|commanders|"
        r"militiamen|insurgents|rebels|guerrillas|jihadists|policemen|policewomen|gendarmes|"
        r"cadets|recruits|reservists|operatives|peacekeepers|airmen|commandos",
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
        r"bloggers|reporters|photographers|cameramen|tribesmen|leaders|figures|"
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
    r"^(?:said|says|were|was|are|is|be|been|have|has|had|who|which|that|in|on|at|from|to|"
    r"by|with|since|after|before|during|into|as|than|for|per|while|when|and|or|but|under|"
    r"amid|following|despite|through|via|across|near|within|"
    r"days?|hours?|years?|months?|weeks?|times|countries|nations|percent|per cent|km|"
    r"kilometres?|kilometers?|miles?|drones?|missiles?|shells?|flights?|buses|planes?|"
    r"tons?|tonnes|dollars?|euros?|rounds?|exchanges?|swaps?|stages?|phases?|regions?|"
    r"villages?|towns?|cities|sides?|parties|am|pm|gmt|bc|ad)$",
    re.IGNORECASE,
)
_REMAINS_BEFORE = re.compile(
    r"\b(?:bod(?:y|ies)|remains|corpses|those)\s+of\s+"
    rf"(?:(?:the|another|a further|an additional|all|{QUALIFIER_WORDS})\s+)*$",
    re.IGNORECASE,
)
_RATIO_AFTER = re.compile(  # "15 bodies for each hostage", "30 will be freed from jails for every"
    r"^\s*(?:[\w'’-]+\s+){0,6}?(?:for|per)\s+(?:each|every|per)\b", re.IGNORECASE
)
_EACH_AFTER = re.compile(
    r"^\s*(?:[\w'’-]+\s+){0,5}?(?:each|apiece|a side|per side|on each side|"
    r"from each side|from both sides)\b",
    re.IGNORECASE,
)
# "For each captive's body, Israel is to hand over the remains of 15 Palestinians"
_RATIO_BEFORE = re.compile(r"^\W*(?:for|per)\s+(?:each|every)\b[^,.;]{0,50},", re.IGNORECASE)
_LIST_OF = re.compile(
    rf"\blists?\s+of\s+(?:the\s+names\s+of\s+)?(?:some\s+)?{QUALIFIED}$", re.IGNORECASE
)
_N_FOR_N = re.compile(
    r"^\s*(?:[\w'’-]+\s+){0,4}?for\s+(?:another\s+)?(\d[\d,]*|[a-z-]+)\b", re.IGNORECASE
)
_MORE = re.compile(
    r"^\s*(?:more|others|other|additional|further)\b(?!\s+(?:than|of)\b)", re.IGNORECASE
)
# "Azerbaijan's commission put the number at 30": another source's count of the same group
_PUT_AT = re.compile(
    r"\b(?:put|puts|putting|gave|gives|placed|places|estimated|set|sets)\s+(?:the|its|their)\s+"
    rf"(?:number|figure|total|count|toll)\s+(?:at|as)\s+{QUALIFIED}$",
    re.IGNORECASE,
)
# "the first group of 45 was transferred": a group of what the article counted before
GROUP_OF = re.compile(
    rf"\b(?:group|batch|contingent|consignment)\s+of\s+(?:(?:another|a further)\s+)?{QUALIFIED}$",
    re.IGNORECASE,
)
_ELLIPSIS = re.compile(
    r"^\s*(?:$|[,.;:)]|(?:to|from|in return|were|was|had|have|flying|flown|flew|sent|taken|"
    r"transferred|going|heading)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """One number in a sentence that counts captives or remains."""

    start: int  # where the number is written
    end: int  # end of the noun phrase
    count: int | None  # None: a named person, no number given
    noun: str  # the captive noun as written
    category: str  # a contract category, or "people" when the noun does not say
    qualifier: str
    home: str | None  # whose people they are ("Ukrainian" -> Ukraine)
    both_ways: bool  # "103 each", "95 for 95": the same number went each way
    phrase: str  # the number and its noun phrase, as written


_DEAD = re.compile(r"^(?:fallen|dead|deceased|killed|slain|perished)$", re.IGNORECASE)
_POSSESSIVE_REMAINS = re.compile(r"^['’]s?\s+(?:bod(?:y|ies)|remains|corpses)\b", re.IGNORECASE)


# "one Israeli body", "one soldier": a count of one only when its noun follows at once
_MONEY_BEFORE = re.compile(r"(?:[$€£]|\bUS\$?|\bUSD)\s*(?:\d[\d.,]*\s*)?$")
_OF_THE_GROUP = re.compile(
    r"^\W*(?:of|among) (?:the|those|them|these)\s+(?P<noun>(?:[\w-]+\s+){0,2}?[\w-]+),\s*$",
    re.IGNORECASE,
)
_OF_THE_WHOLE = re.compile(r"^\s+(?:out\s+)?of\s+(?:the\s+)?(?P<whole>\d[\d,]*)(?=\s)")
_OF_OURS = re.compile(r"^\s+of\s+our\s+(?=\w)", re.IGNORECASE)
OURS = "our"  # a Mention's home when the speaker calls them "our people": the speaker's side
_ONE_OF_A_KIND = re.compile(
    r"^\s+(?!of\b|who\b|that\b)(?:more\s+|other\s+|further\s+)?(?:[A-Z][\w'’-]*\s+)?[a-z]+"
)


_COMPOUND = re.compile(
    r"^[\s-]+(?:swaps?|exchanges?|deals?|talks|releases?|transfers?|handovers?|camps?|"
    r"lists?|issues?|cases?|affairs|status|repatriations?|identification)\b",
    re.IGNORECASE,
)


_VERB_NOUNS = {"released", "captured"}  # "one photo released by …": a verb, not a noun


def _group_named(word: str) -> str | None:
    """'37 RSF fighters', '12 Hamas militants', '4 US dual-national prisoners': a side's
    name used as a modifier says whose people they are, the way a demonym does."""
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
        return demonym_party(word)
    return None


def captive_mentions(sentence: str, previous: Mention | None = None) -> list[Mention]:
    """Every number in *sentence* that counts captives or remains, left to right.

    A number with no noun of its own ("Russia got back 19", "each side freed 307 more")
    counts what the last count before it counted, in this sentence or in *previous*.
    """
    found: list[Mention] = []
    for start, end, value in numbers_in_sentence(sentence):
        if is_date_or_year(sentence, start, end, value):
            continue
        if _MONEY_BEFORE.search(sentence[max(0, start - 12) : start]):
            continue  # "in exchange for $1 million": money
        rest = sentence[end:]
        of_whole = _OF_THE_WHOLE.match(rest)
        if of_whole and (whole := noun_after(rest[of_whole.end() :])) is not None:
            stop = end + of_whole.end() + whole[0]
            kind = "remains" if _REMAINS_BEFORE.search(sentence[:start]) else whole[2]
            found.append(Mention(start, stop, value, whole[1], kind,
                                 qualifier_before(sentence[:start][-25:]), whole[3], False,
                                 sentence[start:stop]))  # fmt: skip
            continue
        if sentence[start:end].lower() == "one" and not _ONE_OF_A_KIND.match(rest):
            continue  # "one of the soldiers", "no one", "one day": not a count of one
        ours = _OF_OURS.match(rest)  # "bringing home 100 of our people": the speaker's own
        noun = noun_after(rest[ours.end() :]) if ours else noun_after(rest)
        if ours and noun is not None:
            noun = (noun[0] + ours.end(), *noun[1:3], OURS)
        before = sentence[:start]
        remains_before = bool(_REMAINS_BEFORE.search(before))
        if noun is None and sentence[start:end].lower() == "one":
            continue  # "one more reminder": "one" counts only with its own noun
        if noun is None and not found and (lead := _OF_THE_GROUP.search(before)):
            # "Of the detainees, 114 were taken to Ukraine": the noun came first
            lead_noun = noun_after(lead.group("noun"))
            if lead_noun is not None and _ELLIPSIS.match(rest):
                found.append(Mention(start, end, value, lead_noun[1], lead_noun[2],
                                     qualifier_before(before[-25:]), lead_noun[3], False,
                                     sentence[start:end]))  # fmt: skip
                continue
        if noun is None:
            last = found[-1] if found else previous
            elided = (
                _ELLIPSIS.match(rest)
                if found
                else _MORE.match(rest) or _PUT_AT.search(before) or GROUP_OF.search(before)
            )
            if last is not None and elided:  # "Ukraine got 1,000 bodies and Russia 19"
                found.append(
                    Mention(
                        start,
                        end,
                        value,
                        last.noun,
                        last.category,
                        qualifier_before(before[-25:]),
                        None,
                        False,
                        sentence[start:end],
                    )
                )
            continue
        noun_end, noun_text, category, home = noun
        if sentence[start:end].lower() == "one" and (
            noun_end > 30 or len(rest[:noun_end].split()) > 3 or noun_text.lower() in _VERB_NOUNS
        ):
            continue  # "one more sobering reminder of … Russian …": no noun of its own
        if (
            _RATIO_AFTER.match(rest[noun_end:])
            or re.match(r"^\s*(?:for|per)\s+(?:each|every)\b", rest)
            or re.search(r"(?i)\b(?:rate|ratio) of\b", before[-60:])
            or _RATIO_BEFORE.match(before)
        ):
            continue  # "15 bodies for each hostage": a ratio, not a count
        if _LIST_OF.search(before):
            continue  # "handed over a list of 15,000 prisoners": names on paper
        if remains_before:
            category = "remains"
        if home is None:
            home = home_before(before)
        both = bool(_EACH_AFTER.match(rest[noun_end:]))
        n_for_n = _N_FOR_N.match(rest[: noun_end + 40])
        if n_for_n and n_for_n.end() <= noun_end + 40:
            other = n_for_n.group(1)
            other_value = int(other.replace(",", "")) if other[0].isdigit() else words_to_int(other)
            both = both or other_value == value
        found.append(
            Mention(
                start=start,
                end=end + noun_end,
                count=value,
                noun=noun_text,
                category=category,
                qualifier=qualifier_before(before[-25:]),
                home=home,
                both_ways=both,
                phrase=sentence[start : end + noun_end],
            )
        )
    return found


_HOME_BEFORE = re.compile(r"\b([A-Z][a-z]+)(?:'s|’s)?\s+(?:own\s+)?(?:the\s+)?$")


def home_before(before: str) -> str | None:
    """'Ukraine's 95 soldiers', 'the Ukrainian 95' name whose people they are."""
    m = _HOME_BEFORE.search(before[-30:])
    if m:
        return demonym_party(m.group(1))
    return None
