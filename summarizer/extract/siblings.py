"""Groups counted in one sentence that settle each other's reading: the group given "in
return" for another went the other way; the groups of one list under one verb ("the bodies
of 12 Ukrainian defenders …, 107 fallen soldiers … and two soldiers") went the same way, as
the same kind."""

from __future__ import annotations

import itertools
import re

from summarizer.extract.parties import ArticleSides, party_mentions
from summarizer.extract.readings import Reading, captive_kind
from summarizer.extract.verbs import GIVE, IN_RETURN, INTRANSITIVE, RECEIVE


def in_return(sentence: str, readings: list[Reading], sides: ArticleSides) -> None:
    """'480 Houthi prisoners were freed in return for 250 prisoners': a group whose way
    the words leave open went against the way of the other group in the sentence, and who
    holds whom, now known, says its kind ("five of its commanders" freed by a state)."""
    if not IN_RETURN.search(sentence):
        return
    known = [r for r in readings if r.giver and r.receiver and not r.reverse]
    for r in readings:
        if (r.giver is None or r.receiver is None) and len(known) == 1 and known[0] is not r:
            r.giver, r.receiver = known[0].receiver, known[0].giver
            r.category = captive_kind(r.mention, sides, r.receiver, r.giver)
            r.why = "it went in return for the other group in the sentence"
            if "direction" in r.open:
                r.open.remove("direction")


_ALONG_WITH = re.compile(r"^[^.;]{0,60}(?:,|\band\b|\balong with\b|\bas well as\b)[^.;]{0,12}$")
_LIST_JOIN = re.compile(r"(?:,|\band\b|;)")
_CLAUSE_JOIN = re.compile(r"\b(?:while|whereas|but|whilst)\b", re.IGNORECASE)
_LISTED = "listed with the group before it, under the same verb"


def coordinated(sentence: str, readings: list[Reading]) -> None:
    """A group listed after another under the same verb, with no nationality of its own,
    went the way the first went by its nationality, and is remains when the first is."""
    counted = [r for r in readings if r.mention.count is not None and not r.reverse]
    for first, later in itertools.pairwise(counted):
        joined = sentence[first.mention.end : later.mention.start]
        if (
            first.role == "cumulative_total"
            and later.role in ("handed_over", "part")
            and _ALONG_WITH.search(joined)
        ):
            later.role = "cumulative_total"  # "50 Israelis have now been freed, along with 19"
        between = sentence[first.mention.end : later.mention.start]
        if (
            len(between) > 90
            or not _LIST_JOIN.search(between)
            or _CLAUSE_JOIN.search(between)  # "200 of their prisoners, while 251 …"
            or any(p.search(between) for p in (GIVE, RECEIVE, INTRANSITIVE))
            or any(not m.demonym for m in party_mentions(between))
            or first.role != later.role
        ):
            continue
        if first.category == "remains":
            later.category = "remains"  # "the bodies of three Iranians and 90 Iraqis"
        if later.mention.home is not None:
            continue  # its nationality says its way
        by_home = first.mention.home is not None or first.why == _LISTED
        if by_home and first.giver and first.receiver:
            later.giver, later.receiver = first.giver, first.receiver
            later.why = _LISTED
            if "direction" in later.open:
                later.open.remove("direction")


_COLON_AFTER_COUNT = re.compile(r"^[^.;:]{0,40}:")
_OWN_COUNT_ROLES = ("handed_over", "total", "cumulative_total")
_LIST_ENDS = re.compile(r"[\"”]|\b(?:said|says|adding|while|whereas|but)\b")


def listed_after_colon(sentence: str, readings: list[Reading]) -> None:
    """'let five people go: a police corporal … and two policemen', '436 prisoners in
    all: 400 Palestinians; 23 Lebanese': counts in the list after a counted group's colon
    are its parts, not handovers or totals of their own."""
    counted = [r for r in readings if r.mention.count is not None and not r.reverse]
    for whole in counted:
        if whole.role not in _OWN_COUNT_ROLES:
            continue
        colon = _COLON_AFTER_COUNT.match(sentence[whole.mention.end :])
        if colon is None:
            continue
        start = whole.mention.end + colon.end()
        for later in counted:
            if (
                later.mention.start >= start
                and later.role in _OWN_COUNT_ROLES
                and not _LIST_ENDS.search(sentence[start : later.mention.start])
                # "swapped 36 prisoners on Friday: Azerbaijan handed over 32 …" tells ways
                and not any(
                    p.search(sentence[start : later.mention.start])
                    for p in (GIVE, RECEIVE, INTRANSITIVE)
                )
            ):
                later.role = "part"


def settle_siblings(sentence: str, readings: list[Reading], sides: ArticleSides) -> None:
    """Let the groups counted in one sentence settle each other's way, kind and role."""
    in_return(sentence, readings, sides)
    coordinated(sentence, readings)
    listed_after_colon(sentence, readings)
    one_counterpart(sentence, readings)


def one_counterpart(sentence: str, readings: list[Reading]) -> None:
    """'Ukraine handed over 73 prisoners and received 16 hostages held by the LPR': the two
    ways of one sentence's swap are between the same two sides; where they differ, the side
    the sentence names is the other one (the first way's came from a default)."""
    if len(readings) < 2:
        return  # most sentences count one group: no party scan for them
    named = {p.party for p in party_mentions(sentence)}
    for a, b in itertools.permutations(readings, 2):
        if not (a.giver and a.receiver and b.giver and b.receiver) or a.giver != b.receiver:
            continue
        if a.receiver != b.giver and b.giver in named and a.receiver not in named:
            a.receiver = b.giver
            a.why = "; ".join(filter(None, [a.why, f"the other way came from {b.giver}"]))
