"""What a count is, from the words nearest it: a handover or a figure (running total,
still held, casualties, a total), and whether it was done, planned or offered.

Why in code: asked whether a count was a handover, a total or a casualty figure, the 1.5B
model was wrong on every probe sentence ("11,000 troops training" → still held).
"""

from __future__ import annotations

import re

from summarizer.extract.frames import clause
from summarizer.extract.mentions import Mention
from summarizer.extract.verbs import GIVE, HANDOVER_NOUN, INTRANSITIVE, RECEIVE
from summarizer.normalize import MONTH_NAMES, MONTHS_RE

_OFFER = re.compile(
    r"\b(?:offer(?:ed|s|ing)?|propos(?:ed|es|e|al)|ready to|prepared to|willing to|"
    r"suggest(?:ed|s)?|called for|calls for|demand(?:ed|s)?|asked for|could be|might|"
    r"in exchange for (?:his|her|their) release)\b",
    re.IGNORECASE,
)
_PLANNED = re.compile(
    r"\b(?:will|would|shall|is to|are to|to be (?:freed|released|returned|exchanged|handed)|"
    r"plans? to|plan(?:s|ned)?|agreed to|agree to|scheduled|expected|set to|due to|pending|"
    r"upcoming|could (?!not\b|have\b)|can be (?:freed|released|returned|exchanged|brought)|"
    r"settled on|agreed on|reached (?:a|an) (?:deal|agreement) (?:on|to)|"
    r"provides? for|is set|are set|intend\w*|"
    r"agreed\b[^.;]{0,60}?\bto (?:exchange|swap|trade|release|free|return|hand)|"
    r"promis(?:ed|es|e|ing)\b[^.;]{0,30}?\bto (?:free|release|return|hand|exchange|swap)|"
    r"order(?:ed|ing|s)? (?:the )?(?:release|freeing|repatriation)|"
    r"must|is obliged to|are obliged to|has to|have to|is required to|are required to|"
    # a headline's "Pakistan to free 360 Indian prisoners": what a side is to do
    r"^\W*(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s+to\s+(?:free|release|swap|"
    r"exchange|return|hand over|repatriate)\b|"
    # "the agreement requires the government to release 5,000"
    r"(?:requires?|required|obliges?|obliged|stipulates?|calls? for)\b[^.;]{0,50}?\bto "
    r"(?:release|free|return|hand|exchange|swap)|"
    r"announced (?:a|an|the) (?:deal|agreement)|"
    r"decide[sd]?\b[^.;]{0,40}?\bto (?:release|free|swap|exchange|return|hand))\b",
    re.IGNORECASE,
)
# "in July this year" is a date, not a span
_NOT_A_MONTH = "".join(rf"(?<!{m} )" for m in MONTH_NAMES)  # IGNORECASE patterns only
_ROLE_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "casualties",
        re.compile(
            r"\b(?:killed|died|dead|death toll|wounded|injured|missing|captured|taken (?:prisoner|"
            r"captive)|lost|losses|casualties|perished|shot|executed|taken hostage|abducted|"
            r"deaths?|hurt|killing|dying|fatalities|slain)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "still_held",
        re.compile(
            r"\b(?:still (?:held|in captivity|being held|remain|missing|in|detained|imprisoned|"
            r"jailed)|remain(?:s|ing|ed)? "
            r"(?:in captivity|captive|held|hostage|in gaza|in russia|in ukraine)|"
            r"are (?:still )?held|being held|remain in|holds?|holding|are believed to be|"
            r"still alive|still (?:waiting|awaiting|hoping|expected)|unaccounted for|"
            r"(?:have|has|had) not (?:yet )?been (?:released|freed|returned)|yet to be "
            r"(?:released|freed|returned)|"
            r"remain(?:s|ing|ed)? (?:in )?(?:\w+ )?custody|(?:are|were) still)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "cumulative_total",
        re.compile(
            r"\b(?:(?<!held )(?<!jailed )(?<!detained )since|so far|to date|"
            rf"{_NOT_A_MONTH}this year|cumulative|over the course|throughout)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "total",  # of one exchange, both ways or all stages: a figure of kind "other"
        re.compile(
            r"\b(?:in total|a total of|total|altogether|overall|in all|involving|involved)\b",
            re.IGNORECASE,
        ),
    ),
]


_DONE_AFTER = re.compile(
    r"^[^;,]{0,30}?\b(?:had|have|has) (?:already )?been (?:released|freed|returned|"
    r"handed (?:over|back)|exchanged|swapped|repatriated|brought (?:back|home))\b",
    re.IGNORECASE,
)


# ", which started on Friday and had been set to expire": a clause about a thing named
# before it (the truce, the deal), not about the count
_WHICH_CLAUSE = re.compile(r",\s+which\b[^,;]*")
# "Hamas frees two US hostages as Israel gets ready to invade": a clause with its own subject
_AS_CLAUSE = re.compile(
    r"\bas\s+(?:the\s+)?(?:[A-Z][\w-]+|it|they|he|she)\s+(?!part\b|well\b)[a-z]+\b"
)


def status(sentence: str, mention: Mention) -> str:
    """Offered, planned or done, from the clause's modality; a "which" clause that does
    not hold the count, and a later "as X …" clause with its own subject, speak of
    something else."""
    lo, hi = clause(sentence, mention)
    window = sentence[lo:hi]
    at = mention.start - lo
    for m in _WHICH_CLAUSE.finditer(window):
        if not m.start() <= at < m.end():
            window = window[: m.start()] + " " * (m.end() - m.start()) + window[m.end() :]
    later = _AS_CLAUSE.search(window, at + (mention.end - mention.start))
    if later:  # "… as Israel gets ready to invade": another subject's plans
        window = window[: later.start()]
    if _DONE_AFTER.match(sentence[mention.end : hi]):
        return "completed"  # "12 Thai workers had been released": the count's own verb
    if _OFFER.search(window):
        return "proposed"
    if _PLANNED.search(window):
        return "announced"
    return "completed"


def handover_distance(sentence: str, mention: Mention) -> int | None:
    """How far (in characters) the nearest word of handing over is from the count, within
    its clause; None when the clause has none."""
    lo, hi = clause(sentence, mention)
    gaps = [
        max(0, m.start() - mention.end, mention.start - m.end())
        for p in (GIVE, RECEIVE, INTRANSITIVE, HANDOVER_NOUN)
        for m in p.finditer(sentence, lo, hi)
        if not _no_handover(sentence, m, mention)
    ]
    return min(gaps) if gaps else None


# "Trade between Armenia and Lithuania grew": commerce, not a swap
_TRADE_NOUN = re.compile(
    r"\s+(?:between|with|in|of|ties|talks|deal|agreement|routes?|war|volume|surplus|deficit|"
    r"minister|grew|rose|fell)\b",
    re.IGNORECASE,
)
_CAPTIVITY = re.compile(
    r"\b(?:captiv\w*|prisoners?|detain\w*|hostages?|held|freed|releas\w*|abduct\w*|"
    r"kidnap\w*|swap\w*|exchang\w*|repatriat\w*|jail\w*|custody|seized|captured)\b",
    re.IGNORECASE,
)


def _no_handover(sentence: str, word: re.Match[str], mention: Mention) -> bool:
    """A handover word used for something else: "trade between" two countries, or people
    no word calls captives who "will return to the country" (employees back at work)."""
    text = word.group(0).lower()
    if text == "trade" and _TRADE_NOUN.match(sentence, word.end()):
        return True
    return (
        mention.category == "people"
        and text.startswith("return")
        and not _CAPTIVITY.search(sentence)
    )


def role_cue(sentence: str, mention: Mention) -> tuple[str, int] | None:
    """A figure kind the words around the count name ("killed", "still held", "since")."""
    lo, hi = clause(sentence, mention)
    start = max(lo, mention.start - 70)
    near = sentence[start : min(hi, mention.end + 70)]
    at = mention.start - start
    inside = (at, mention.end - start)  # "44 wounded soldiers" were freed, not wounded here
    numbers = [
        m.start() for m in re.finditer(r"\d", near) if not inside[0] <= m.start() < inside[1]
    ]

    def across_a_number(pos: int) -> bool:  # a cue past another count speaks about that one
        return any(min(pos, at) < n < max(pos, at) for n in numbers)

    hits = [
        (min(abs(m.start() - at), abs(m.end() - at)), role)
        for role, pattern in _ROLE_CUES
        for m in pattern.finditer(near)
        if not inside[0] <= m.start() < inside[1] and not across_a_number(m.start())
    ]
    if not hits:
        return None
    if {"still_held", "casualties"} <= {role for _, role in hits}:
        # "captured by Azerbaijan and still being held": still held is what the count says
        hits = [h for h in hits if h[1] != "casualties"]
    distance, role = min(hits)  # the cue nearest the count speaks about it
    return role, distance


# words that open a running count: "so far", "to date", "up to now"
_SO_FAR = r"so far|to date|until now|up to now|thus far"
_SPAN_LEAD = re.compile(
    r"(?<!\d(?:st|nd|rd|th) )(?<!largest )(?<!biggest )(?<!first )"
    rf"\b(?:since|{_SO_FAR}|this year|in all|in total|altogether|over the past|"
    r"over the course|now stands|raised the (?:number|total)|"
    r"(?:rais(?:e|es|ed|ing)|bring(?:s|ing)?|brought|tak(?:e|es|ing)|took)\s+(?:the\s+)?"
    r"(?:overall\s+)?(?:total|number|tally|count)\b|"
    r"(?:over|in|during) (?:that|this|the same) (?:period|time)|since then)\b"
    r"[^;]*$|\b(?:exchanges|swaps|handovers|repatriations)\b[^;.]{0,30}?\bin which\b[^;]*$|"
    # "a run of exchanges this week that has brought more than 100 soldiers home"
    r"\b(?:run|series|string|spate|round)\s+of\s+(?:exchanges|swaps|releases|handovers)\b"
    r"[^;.]{0,40}?\b(?:that|which)\s+(?:has|have)\s+(?:brought|returned|freed|seen)\b[^;]*$|"
    r"\b(?:prior to|before)\b[^;]*\bhad\s+(?:already\s+)?(?:\w+\s+)?"
    r"(?:given|returned|released|handed|freed|sent|received|repatriated)\b"
    r"[^;]*$|\b(?:so far|to date)\b|"
    # "Counting the 23 freed on Wednesday, Ethiopia has released 879": a tally
    r"^\W*(?:counting|including)\s+the\b[^;]*$|"
    # "from February 24 to October 27 Ukraine brought 978 people back": a span of days
    rf"\bfrom\s+(?:(?:{MONTHS_RE})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{MONTHS_RE}))\b[^;]{{0,30}}?"
    r"\b(?:to|until|till|through)\b[^;]*$|"
    # "Under the ceasefire, Hamas has handed back 21": all the deal has brought so far
    r"\bunder the (?:ceasefire|truce|deal|agreement|accord)\b[^;]*\b(?:has|have)\s+"
    r"(?:\w+\s+)?(?:handed|released|freed|returned|sent|given|repatriated)\b[^;]*$",
    re.IGNORECASE,
)


_OPENING_SPAN = re.compile(rf"(?i)^\W*(?:{_SO_FAR})\b")


_NEXT_COUNT = re.compile(r"\b(?!(?:19|20)\d\d\b)\d[\d,.]*\s+[a-z]")


def running_total(sentence: str, mention: Mention) -> bool:
    """'Since the beginning of the year, Kiev has received over 13,000': a span of time
    opening the clause makes the count a running total, whatever the verb. A 'since'
    after the count ('the largest since 2022') does not."""
    lo, _ = clause(sentence, mention)
    # the words after the count, on past a long noun phrase ("7,000 prisoners from both
    # sides of the conflict in Yemen have been freed in exchanges …") but not into the next
    # count's clause ("104 captives …, 973 people have now been freed since Friday")
    near = sentence[mention.end : mention.end + 60]
    further = sentence[mention.end + 60 : mention.end + 120]
    if m := _NEXT_COUNT.search(near + further):
        further = further[: max(0, m.start() - len(near))]
    # "two teachers it had held since 2019 in return for three commanders": how long a
    # captive was held, not the span of a running count
    after = _HELD_SINCE.sub("held", near + further)
    lead = _HELD_SINCE.sub("held", sentence[lo : mention.start])
    return (
        bool(_SPAN_LEAD.search(lead))
        # "Up to now the government has released 2,700 …, while the Taliban has freed 420":
        # a span opening the sentence covers every clause of it
        or bool(_OPENING_SPAN.match(sentence))
        or bool(re.search(r"\b(?:so far|to date)\b", after[:40], re.I))
        or bool(_PERFECT_SINCE.search(after))
        or bool(_PERFECT_BEFORE.search(sentence[lo : mention.start]) and _OVER_A_SPAN.match(after))
        or bool(_NOW_PERFECT.search(sentence[lo : mention.start]))
        or bool(_NOW_BEEN_AFTER.match(after))
        or bool(_IN_EXCHANGES.search(after))
        or _over_a_year(after)
    )


def _over_a_year(after: str) -> bool:
    """'released 1,200 in 2024': a running total; but in "returned 84 prisoners of war, the
    eighth exchange this year" the year belongs to the exchange named before it."""
    m = _OVER_A_YEAR.match(after)
    return m is not None and not re.search(
        r"\b(?:exchange|swap|round|stage|handover)s?\b", after[: m.end()], re.IGNORECASE
    )


_HELD_SINCE = re.compile(
    r"\b(?:held|jailed|detained|imprisoned|kept|missing|captive|in captivity)\s+"
    r"(?:\w+\s+){0,2}?since\b",
    re.IGNORECASE,
)


# "got back nearly 1,600 prisoners of war in 2022", "released 1,200 during the last one year"
_OVER_A_YEAR = re.compile(
    rf"^[^;.]{{0,40}}?\b(?:in (?:19|20)\d\d\b(?![,\s]+(?:on|in) )|{_NOT_A_MONTH}this year|"
    r"(?:during|over|in) the (?:last|past) (?:\w+ )?(?:years?|months)\b)",
    re.IGNORECASE,
)


# "1,800 servicemen came home from captivity in exchanges carried out in 2025": over several
_IN_EXCHANGES = re.compile(
    r"^[^;.]{0,100}?\bin (?:the |several |multiple |a series of |\w+ )?(?:exchanges|swaps)\b",
    re.IGNORECASE,
)


_RELEASED = (
    r"(?:freed|released|returned|exchanged|swapped|repatriated|received|handed over|"
    r"brought (?:back|home)|let go)"
)
# "Hamas has now freed 20 captives", "44 Israelis have now been freed": a count brought up
# to date is a running total
_NOW_PERFECT = re.compile(
    rf"\b(?:have|has)\s+now\s+(?:[^.;]{{0,60}}?\band\s+)?(?:been\s+)?{_RELEASED}\s+"
    r"(?:[\w-]+\s+){0,3}?$",
    re.IGNORECASE,
)
_NOW_BEEN_AFTER = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?:have|has) now been\b", re.IGNORECASE)


# "have freed eight hostages in three days", "has released 200 Pakistanis since 2021",
# "has freed nearly 600 over the past five years": a perfect tense over a span
_PERFECT_BEFORE = re.compile(
    # "has let nine hostages go over the past two weeks": "let … go" wraps the count
    rf"\b(?:have|has)\s+(?:now\s+|only\s+|already\s+)?(?:\w+\s+)?(?:{_RELEASED}|let|set)\b[^;]*$",
    re.IGNORECASE,
)
_OVER_A_SPAN = re.compile(
    r"^[^;,]{0,40}?\b(?:since\b|(?:in|over|within|during) (?:the (?:past|last) )?"
    r"(?:\w+ )?(?:days|weeks|months|years)\b)",
    re.IGNORECASE,
)


# "18 hostages have now been freed since the truce began": a perfect tense running from a
# point in time counts everything since it (not "the largest swap since 2022")
_PERFECT_SINCE = re.compile(
    r"^[^;]*?\b(?:have|has)\s+(?:now\s+)?(?:been\s+)?\w+(?:\s+\w+){0,3}?\s+since\b",
    re.IGNORECASE,
)


_HAS_ALSO = re.compile(r"(?i)\b(?:has|have)\s+also\s+(?:\w+\s+){0,6}$")
_WHILE_PERFECT = re.compile(
    r"(?i)\b(?:while|whereas)\s+[^,;]{0,40}?\b(?:has|have)\s+(?:now\s+|also\s+)?\w+\s+"
    r"(?:[\w-]+\s+){0,3}$"
)


def tally_goes_on(before: str, lead: str, tally_before: bool, tally_beside: bool) -> bool:
    """A count that carries on a running total told just before it: "Since the truce Israel
    has freed 2,000 … It has also returned the bodies of 360" (the sentence before is a
    tally), "… have released 300 since the campaign began, while Ukraine has freed 287"
    (the other side's tally over the same span, in the same sentence)."""
    return bool(
        (tally_before and _HAS_ALSO.search(lead))
        or (tally_beside and _WHILE_PERFECT.search(before))
    )
