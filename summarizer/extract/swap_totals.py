"""When a count is told as a total rather than as one way of a handover.

"In all, 1,000 were released", "the toll stood at 300", "318 prisoners between Aden and
Sanaa": a total, over time or of one exchange. "Russia and Ukraine release 200", "26
people were exchanged": both ways together, the swap's total, a figure and not a flow."""

from __future__ import annotations

import re

from summarizer.extract.mentions import Mention
from summarizer.extract.numbers import QUALIFIED
from summarizer.extract.verbs import GIVE, INTRANSITIVE, RECEIVE, RETURN_OBJECT, SWAPPED_FOR

_TOTAL_LEAD = re.compile(
    r"\b(?:in all|in total|a total of|altogether|overall|total of|bringing the total to|"
    r"involving|involved|involves|took in|takes in|comprising|covers|covering|"
    r"(?:exchange|swap|trade) of|exchanging|swapping)\W*"
    rf"{QUALIFIED}(?:a\s+)?$",
    re.IGNORECASE,
)
# "four flights carried 318 prisoners between Aden and Sanaa": both ways together
# "91 of the 110 schoolgirls": 110 is the whole group, a figure
_WHOLE_OF_A_PART = re.compile(r"\d[\d,]*\s+(?:out\s+)?of\s+(?:the\s+)?$")
# "900 detainees are being freed by the parties in Yemen": both ways together
_BY_BOTH_SIDES = re.compile(
    r"^[^;.]{0,40}?\bby (?:the|both) (?:two |warring )?(?:parties|sides)\b", re.IGNORECASE
)
_BETWEEN_SIDES = re.compile(r"^\s+between\s+(?!\d)", re.IGNORECASE)
# "a large prisoner exchange in 2023 in which around 900 detainees were released": the count
# of a swap named before it, both ways together
_IN_WHICH = re.compile(
    rf"\b(?:exchange|swap|trade)s?\b[^.;]{{0,60}}\bin which\s+{QUALIFIED}$", re.IGNORECASE
)
_TOTAL_IS = re.compile(
    r"\b(?:number|total|tally|toll|figure)\b[^.;]{0,80}\b(?:comes? to|came to|stands? at|"
    rf"stood at|reached|rose to|totals?|totalled|totaled)\s+{QUALIFIED}$",
    re.IGNORECASE,
)
_JOINT_SWAP = re.compile(
    r"\b(?:and|with)\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+"
    r"(?:have\s+|had\s+|on\s+\w+\s+|will\s+|would\s+|are to\s+|(?:have\s+)?agreed to\s+)?"
    r"(?:exchanged|swapped|swopped|traded|exchange|swap|trade|"
    r"released|release|freed|free|returned|return|handed over|hand over)\s+"
    rf"(?:a total of\s+)?{QUALIFIED}$|"
    # "the Syrian authorities and a Kurdish-led force swapped 400": the other side described
    # "… and the Houthi rebel group traded a fresh batch of 21", "Yemeni gov't and Houthi
    # rebels trade 21"
    r"\b(?:and|with)\s+(?:(?:a|an|the)\s+)?(?:[\w'’-]+\s+){0,5}?(?:have\s+|had\s+)?"
    r"(?:exchanged|swapped|swopped|traded|trade|swap|exchange)\s+"
    r"(?:a total of\s+|(?:a|an)\s+(?:fresh\s+|new\s+|further\s+|second\s+|third\s+)?"
    rf"(?:batch|group|round) of\s+)?{QUALIFIED}$|"
    r"\b(?:the two|both|(?:the\s+)?(?:two\s+)?warring) "
    r"(?:countries|sides|states|nations|parties)\s+(?:have\s+|had\s+)?"
    r"(?:exchanged|swapped|traded|trade|swap|exchange|released|release|freed|free|returned|"
    r"return|handed over|hand over)\s+"
    rf"(?:a total of\s+)?{QUALIFIED}$",
)


# a headline's "Govt, Houthis swap 36 prisoners": two subjects joined by a comma
_HEADLINE_JOINT = re.compile(
    r"^\W*(?:the\s+)?[A-Z][\w'’-]+,\s+(?:the\s+)?[A-Z][\w'’-]+\s+"
    rf"(?:swap|exchange|trade|free|release)\s+{QUALIFIED}$"
)


def _joint_swap(lead: str, before: str = "") -> bool:
    """Both sides are the subject of the swap verb right before the count ("Russia and
    Ukraine release 200"), not a second clause ("Azerbaijan repatriated 5 soldiers, and
    Armenia returned 2": a verb before the "and" ends the first clause)."""
    joint = _JOINT_SWAP.search(lead)
    if joint and any(v.search(lead[: joint.start()]) for v in (GIVE, RECEIVE, INTRANSITIVE)):
        joint = None
    return bool(joint or _HEADLINE_JOINT.match(before))


# "More than 200 captured soldiers have been set free in the latest prisoner exchange"
_IN_THE_EXCHANGE = re.compile(
    r"^[^;.]{0,50}?\b(?:freed|released|set free|exchanged|swapped|returned)\s+in\s+the\s+"
    r"(?:latest\s+|new\s+|last\s+)?(?:prisoner\s+)?(?:exchange|swap)\b",
    re.IGNORECASE,
)
_SWAPPED = re.compile(r"\b(?:exchanged|swapped|swopped|traded)\b", re.IGNORECASE)


def told_as_total(lead: str, after: str) -> bool:
    """The words around a count make it a total: "in all", "the number stood at", "91 of
    the 110", "between the two sides", "by both parties"."""
    return bool(
        # "exchanging 11 prisoners for the release of an MP": one side of a trade
        (_TOTAL_LEAD.search(lead[-20:]) and not re.match(r"\s+for\s+(?!each\b)", after))
        or _TOTAL_IS.search(lead)
        or _IN_WHICH.search(lead)
        or _BETWEEN_SIDES.match(after)
        or _BY_BOTH_SIDES.match(after)
        or _WHOLE_OF_A_PART.search(lead)
    )


def swap_total(sentence: str, mention: Mention, lead: str, way_open: bool) -> bool:
    """Both sides are the subject of the swap ("Russia and Ukraine release 200"), or a count
    whose way the words leave open was swapped ("26 people were exchanged"), but not one
    side of a pair ("8 prisoners were exchanged for 20", "21 fighters were swapped for nine
    soldiers")."""
    after = sentence[mention.end :]
    if re.search(r"\brespectively\b", after[:80]):
        return False  # "Russia and Ukraine released 150 and 189 respectively": one each
    if _joint_swap(lead, sentence[: mention.start]):
        return True
    near = f"{after[:40]} {lead[-40:]}"
    return (
        way_open
        and bool(_SWAPPED.search(near) or _IN_THE_EXCHANGE.match(after))
        and not SWAPPED_FOR.match(after)
        and not RETURN_OBJECT.search(lead)  # "… were swapped for nine soldiers": the other way
    )
