"""Who gave and who received when the words around a count name no side: the speaker's
side for people who "came home", no order for "103 each", and an ally's enemy for captives
freed by a state that fights beside their own state."""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.extract.mentions import Mention
from summarizer.extract.parties import ArticleSides, at_war, group_bases


def allys_enemy(home: str, giver: str | None, sides: ArticleSides) -> str:
    """'The Saudi-led coalition said it had freed 109 Yemeni detainees': a state that fights
    beside the captives' state against an armed group from it frees that state's nationals
    only when they fought for the group, so they go to the group (Yemenis freed by Saudi
    Arabia go to the Houthis)."""
    if giver is None or giver == home or at_war(giver, home):
        return home
    groups = [
        g
        for g in sides.sides
        if group_bases().get(g) == home and at_war(giver, g) and at_war(home, g)
    ]
    return groups[0] if len(groups) == 1 else home


def by_kind(
    mention: Mention,
    sides: ArticleSides,
    intrans: list[re.Match[str]],
    source_sides: Sequence[str],
) -> tuple[str | None, str | None, str]:
    """(receiver, giver, why) when the speaker or the count fixes the direction: "X
    returned home", stated by one side's official, are that side's people; "103 each"
    needs no order. (Hostages are placed before this: the armed group holds them.)
    """
    top = sides.sides[:2]
    if intrans and source_sides and source_sides[0] in top:
        side = source_sides[0]
        return side, sides.counterpart(side), f"{side}'s source says they came home"
    if mention.both_ways and len(top) == 2:
        return top[1], top[0], "the same number went each way"
    return None, None, ""
