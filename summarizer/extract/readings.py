"""What code reads about one counted group (a Reading), and which kind of captive it is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.extract.mentions import Mention
from summarizer.extract.parties import (
    ArticleSides,
    armed_groups,
    at_war,
    held_as_detainees,
    hostage_takers,
)

MODEL_SUGGESTED = "direction suggested by the model"  # a Reading's why when the model answered


@dataclass
class Reading:
    """One counted group in one sentence, as far as code can read it."""

    index: int  # sentence number
    sentence: str
    mention: Mention
    giver: str | None
    receiver: str | None
    category: str
    status: str
    role: str | None  # a figure kind the words name, "handed_over" for a handover verb
    sources: list[str]
    date_text: str | None
    reverse: bool = False  # the return flow of "103 each"
    why: str = ""
    open: list[str] = field(default_factory=list)  # questions left for the model
    suggested: tuple[str, str] | None = None  # the model's (giver, receiver): a hint only
    # the sentence says how they were taken ("captured in fighting"): this kind outranks
    # another sentence's bare "prisoners" when the flow is told twice
    kind_stated: bool = False


@dataclass
class ArticleReading:
    sentences: list[str]
    sides: ArticleSides
    readings: list[Reading]
    ordinals: list[tuple[int, int, str]]  # (sentence, value, phrase)
    ignored: list[str]


def captive_kind(
    mention: Mention, sides: ArticleSides, receiver: str | None, giver: str | None = None
) -> str:
    """The kind of captive, where the noun alone does not say: who holds whom decides.

    Prisoners between two states at war are prisoners of war; Palestinians held by Israel
    are detainees; anyone else freed by a hostage-taking group is a hostage; people in a
    diplomatic swap with the United States are detainees.
    """
    top = sides.sides[:2]
    takers = hostage_takers()
    irregular = held_as_detainees()
    diplomatic = "United States" in top
    noun = mention.noun.lower()
    if (
        mention.category == "prisoners_of_war"
        and (mention.home in irregular or receiver in irregular)
        # "the M23 hand 20 FDLR fighters over to Rwanda": captured by another armed group
        and giver not in armed_groups()
    ):
        return "detainees"  # "12 Hamas militants" freed by Israel: held by a state, not POWs
    if mention.category == "detainees" and noun.startswith("prisoner"):
        if receiver in irregular or mention.home in irregular or diplomatic:
            return "detainees"
        return "prisoners_of_war"
    if mention.category == "civilians" and diplomatic:
        return "detainees"
    held_by_takers = any(p in takers for p in top)
    if (
        mention.category in ("civilians", "prisoners_of_war")
        and held_by_takers
        and mention.home not in takers
        and receiver not in takers
    ):
        # civilians and soldiers freed by a hostage-taking group are its hostages
        return "hostages"
    if (
        giver in takers
        and mention.category in ("civilians", "prisoners_of_war")
        and mention.home not in takers
        and receiver not in takers
    ):
        return "hostages"  # "Abu Sayyaf has set free four kidnapped Malaysian sailors"
    if (
        mention.category == "civilians"
        and re.match(r"(?i)citizens|nationals", noun)
        and giver is not None
        and receiver is not None
        and not at_war(giver, receiver)
    ):
        return "detainees"  # "Iran freed two French nationals": held by a state, not at war
    if mention.category != "people":
        return mention.category
    if mention.home in takers or receiver in takers:
        return "detainees"  # Palestinians held by Israel
    if receiver in irregular and giver is not None and giver not in armed_groups():
        return "detainees"  # "the regime freed 22 captives" to the rebels: a state held them
    if held_by_takers or giver in takers:
        return "hostages"  # anyone else freed in a war with, or by, a hostage-taking group
    if diplomatic:
        return "detainees"
    if noun == "captives":
        return "prisoners_of_war"
    return "mixed"  # one number, and the words do not say which kinds it counts


def both_ways(
    index: int, sentence: str, mention: Mention, sides: ArticleSides, kind: str, how: str,
    sources: list[str], when: str | None, why: str,
) -> list[Reading]:  # fmt: skip
    """One group each way between the article's two sides ("an exchange of prisoners", "on
    a 205-for-205 basis"); the second is the reverse of the first."""
    top = sides.sides[:2]
    return [
        Reading(index, sentence, mention, giver, receiver, kind, how, "handed_over",
                list(sources), when, reverse=giver == top[1], why=why)
        for giver, receiver in ((top[0], top[1]), (top[1], top[0]))
    ]  # fmt: skip
