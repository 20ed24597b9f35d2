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

from summarizer.extract.captive_nouns import noun_after
from summarizer.extract.numbers import (
    QUALIFIED,
    QUALIFIER_WORDS,
    is_date_or_year,
    numbers_in_sentence,
    qualifier_before,
)
from summarizer.extract.parties import (
    demonym_party,
)
from summarizer.normalize import words_to_int

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
    # not "two other exchanges": a count of swaps, not of people
    r"^\s*(?:more|others|other|additional|further)\b"
    r"(?!\s+(?:than|of|(?:prisoner\s+)?(?:exchanges|swaps|rounds|stages|times|occasions))\b)",
    re.IGNORECASE,
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
    r"^\s*(?:$|[,.;:)]|(?:to|from|(?:over|back) to|in return|were|was|had|have|flying|flown|"
    r"flew|sent|taken|transferred|going|heading)\b|on\s+(?:[A-Z][a-z]+day|the\s+\w+|\d))",
    re.IGNORECASE,
)
# "and another 150 on Friday", "A further 84 came home": the same kind again, noun elided
_ANOTHER = re.compile(r"\b(?:another|a further|an additional)\s+$", re.IGNORECASE)


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


# "one Israeli body", "one soldier": a count of one only when its noun follows at once
_MONEY_BEFORE = re.compile(r"(?:[$€£]|\bUS\$?|\bUSD)\s*(?:\d[\d.,]*\s*)?$")
# "giving out information about three dozen activists": asked after, not handed over
_ASKED_AFTER = re.compile(
    r"\b(?:information|news|details|word)\s+(?:about|on|of)\s+(?:the\s+)?$|"
    r"\b(?:the\s+)?(?:fate|whereabouts)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_OF_THE_GROUP = re.compile(
    r"^\W*(?:of|among) (?:the|those|them|these)\s+(?P<noun>(?:[\w-]+\s+){0,2}?[\w-]+),\s*$",
    re.IGNORECASE,
)
_OF_THE_WHOLE = re.compile(r"^\s+(?:out\s+)?of\s+(?:the\s+)?(?P<whole>\d[\d,]*)(?=\s)")
_OF_OURS = re.compile(r"^\s+of\s+(our|its)\s+(?=\w)", re.IGNORECASE)
OURS = "our"  # a Mention's home when the speaker calls them "our people": the speaker's side
# "Ukraine said 12 of its soldiers …", "Boko Haram freed 82 girls for five of its
# commanders": the side named last before the count
ITS = "its"
_ONE_OF_A_KIND = re.compile(
    r"^\s+(?!of\b|who\b|that\b)(?:more\s+|other\s+|further\s+)?(?:[A-Z][\w'’-]*\s+)?[a-z]+"
)


_VERB_NOUNS = {"released", "captured"}  # "one photo released by …": a verb, not a noun


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
        if _ASKED_AFTER.search(sentence[max(0, start - 30) : start]):
            continue
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
            noun = (
                noun[0] + ours.end(),
                *noun[1:3],
                OURS if ours.group(1).lower() == "our" else ITS,
            )
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
        if noun is None and (shared := _shared_noun(sentence, end, before)) is not None:
            noun = shared  # "150 and 189 prisoners", "103 Ukrainian and 103 Russian soldiers"
        if noun is None:
            last = found[-1] if found else previous
            elided = (
                _ELLIPSIS.match(rest) or _MORE.match(rest)
                if found
                else _MORE.match(rest) or _PUT_AT.search(before) or GROUP_OF.search(before)
            ) or _ANOTHER.search(before)
            if re.search(r"\bagainst\s+$", before):
                elided = None  # "dropped the charges against 14 more": not handed over
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
        if (
            category != "remains"
            and re.match(r"\s+of\s+the\s", rest)
            and re.match(r"['’]s?\s", rest[noun_end:])
        ):
            continue  # "two of the rebels' key demands": it counts the demands
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


_SHARED_WITH_NEXT = re.compile(
    r"^\s+(?:(?P<own>[A-Z][\w'’-]+)\s+)?and\s+(?:\d[\d,]*|[a-z]+(?:-[a-z]+)?)(?P<tail>\s.*)$"
)


def _shared_noun(sentence: str, end: int, before: str) -> tuple[int, str, str, str | None] | None:
    """A count whose noun comes after the next count ("released 150 and 189 prisoners",
    "103 Ukrainian and 103 Russian prisoners of war"): it takes that noun, and the
    nationality written after it, if any. "Between 150 and 200" is a range, not two groups."""
    m = _SHARED_WITH_NEXT.match(sentence[end:])
    if m is None or re.search(r"(?i)\bbetween\s+$", before):
        return None
    nxt = noun_after(m.group("tail"))
    if nxt is None or nxt[0] > 40:
        return None
    home = None
    if m.group("own"):
        mine = noun_after(f" {m.group('own')} {nxt[1]}")
        if mine is None or mine[3] is None:
            return None  # "150 Ukrainian and 30 ...": the word after the count is no nationality
        home = mine[3]
    return (m.end("own") if m.group("own") else 0), nxt[1], nxt[2], home


_HOME_BEFORE = re.compile(r"\b([A-Z][a-z]+)(?:'s|’s)?\s+(?:own\s+)?(?:the\s+)?$")


def home_before(before: str) -> str | None:
    """'Ukraine's 95 soldiers', 'the Ukrainian 95' name whose people they are."""
    m = _HOME_BEFORE.search(before[-30:])
    if m:
        return demonym_party(m.group(1))
    return None
