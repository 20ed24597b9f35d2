"""Exchanges and groups told with no number: "another large exchange of prisoners of war is
planned", "a group of defenders came home on 10 June". The count stays empty (records.md:
null when no number is given)."""
from __future__ import annotations

import re
from dataclasses import replace

from summarizer.extract.captive_nouns import noun_after
from summarizer.extract.frames import direction
from summarizer.extract.mentions import Mention
from summarizer.extract.parties import ArticleSides
from summarizer.extract.readings import Reading, both_ways, captive_kind
from summarizer.extract.roles import status

_EXCHANGE_OF = re.compile(
    r"\b(?:exchange|swap|trade)s?\s+(?:of\s+)?(?:[\w-]+\s+){0,2}?(?P<noun>prisoners of war|pows|"
    r"prisoners|captives|bodies|remains|detainees)\b",
    re.IGNORECASE,
)


_N_FOR_N = re.compile(r"\b(\d[\d,]*)-for-(\d[\d,]*)\b")


def exchange_without_number(
    index: int, sentence: str, sides: ArticleSides, sources: list[str], when: str | None
) -> list[Reading]:
    """'Russia and Ukraine agreed to swap prisoners on a 6,000-for-6,000 basis': an exchange
    planned or offered with the same number each way goes both ways between the article's
    two sides. With no number at all ("once the two countries finish their exchange of
    prisoners of war", "agreed on an all-for-all swap") it is no record: measured, such
    sentences spoke of talks and hopes more often than of a handover (tuning: 3 right,
    8 wrong; validation, in aggregate: none right, 2 wrong)."""
    m = _EXCHANGE_OF.search(sentence)
    top = sides.sides[:2]
    if m is None or len(top) != 2:
        return []
    ratio = _N_FOR_N.search(sentence)  # "on a 6,000-for-6,000 basis": that many each way
    count = None
    if ratio and ratio.group(1).replace(",", "") == ratio.group(2).replace(",", ""):
        count = int(ratio.group(1).replace(",", ""))
    if count is None:
        return []
    mention = Mention(m.start(), m.end(), count, m.group("noun"), "people", "exact", None, True, "")
    how = status(sentence, mention)
    if how == "completed":
        return []  # a done exchange is told with its numbers elsewhere in the article
    kind = captive_kind(replace(mention, category=_captive_kind(m.group("noun"))), sides, None)
    return both_ways(
        index, sentence, mention, sides, kind, how, sources, when, "an exchange with no number"
    )



def _captive_kind(noun: str) -> str:
    low = noun.lower()
    if low in ("bodies", "remains"):
        return "remains"
    if low in ("prisoners of war", "pows"):
        return "prisoners_of_war"
    return "detainees"


# "the first group of freed servicemen came home", "after one more stage of exchanging
# severely wounded prisoners": a handover told with no number, on a stated day
_GROUP_WITHOUT_NUMBER = re.compile(
    r"\b(?:a|another|one more|a further|a new|the (?:first|second|third|next|last|latest))\s+"
    r"(?:group|batch|contingent)\s+of\s+(?P<rest>[^.;]{0,80})",
    re.IGNORECASE,
)
_STAGE_OF_EXCHANGING = re.compile(
    r"\b(?:stage|round|phase) of (?:the )?(?:exchanging|exchange of|swapping|swap of)\s+"
    r"(?P<rest>[^.;]{0,80})",
    re.IGNORECASE,
)


def groups_without_number(
    index: int,
    sentence: str,
    sides: ArticleSides,
    counted: bool,
    sources: list[str],
    when: str | None,
    source_spans: list[tuple[int, int]],
) -> list[Reading]:
    """'On 10 June, Ukraine brought home a group of defenders from Russian captivity': a
    stage told without its number is still a handover, its count null (records.md). Only
    on a stated day and in a sentence that counts no one, so talk about prisoners in
    general stays out."""
    if counted or not when:
        return []
    top = sides.sides[:2]
    for pattern in (_GROUP_WITHOUT_NUMBER, _STAGE_OF_EXCHANGING):
        m = pattern.search(sentence)
        hit = noun_after(m.group("rest")) if m else None
        if m is None or hit is None or (hit[2] == "people" and hit[3] is None):
            continue
        end, noun, category, home = hit
        both = pattern is _STAGE_OF_EXCHANGING
        stop = m.start("rest") + end
        mention = Mention(m.start(), stop, None, noun, category, "exact", home, both,
                          sentence[m.start() : stop])  # fmt: skip
        how = status(sentence, mention)
        if both and len(top) == 2:
            ways = [(top[0], top[1]), (top[1], top[0])]
        else:
            way = direction(sentence, mention, sides, source_spans)
            if way.giver is None or way.receiver is None:
                continue
            ways = [(way.giver, way.receiver)]
        return [
            Reading(index, sentence, mention, giver, receiver,
                    captive_kind(mention, sides, receiver), how, "handed_over", list(sources),
                    when, reverse=i > 0, why="a group handed over with no number")
            for i, (giver, receiver) in enumerate(ways)
        ]  # fmt: skip
    return []
