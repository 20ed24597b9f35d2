"""Words around a count that say how its captives were taken or are held ("abducted by",
"who had been captured in fighting", "still waiting", "Djibouti is holding"): whether
the count was handed over, is still held, or names hostages; "took 600 soldiers prisoner",
"home to 100,000 Hungarians" and "refused to free 200" hand nobody over."""

from __future__ import annotations

import re

from summarizer.extract.mentions import Mention
from summarizer.extract.numbers import QUALIFIED
from summarizer.extract.roles import status

WHO_WERE = r"^\s*,?\s*(?:who (?:were|had been)\s+)?"  # "23 men, who had been abducted"
TAKEN_HOSTAGE = r"abducted|kidnapped|taken hostage"  # taken to be bargained for: hostages
PARTICIPLE_BY = re.compile(
    rf"{WHO_WERE}(?:{TAKEN_HOSTAGE}|captured|taken|seized|deported|"
    r"detained|held)\s+by\b[^;.]{0,80}?\b(?:have|has|had|were|was)\s+(?:been\s+)?"
    r"(?:returned|released|freed|brought|handed|repatriated|exchanged)",
    re.IGNORECASE,
)
# "Eight prisoners from the rebel army who had been captured in fighting": combatants
CAPTURED_FIGHTING = re.compile(
    r"^[^;.]{0,60}?\b(?:captured|taken(?: prisoner)?|seized)\s+(?:in|during)\s+(?:the\s+)?"
    r"(?:fighting|battle|combat|clashes)\b",
    re.IGNORECASE,
)
# "Eight prisoners … who had been captured in fighting … have been released by Sudan"
TAKEN_THEN_FREED = re.compile(
    r"^[^;.]{0,60}?\b(?:who|that)\s+(?:were|had been|have been)\s+(?:captured|taken|seized|"
    r"abducted|kidnapped)\b[^;.]{0,100}?\b(?:have|has|had|were|was)\s+(?:been\s+)?"
    r"(?:returned|released|freed|brought|handed|repatriated|exchanged)\b",
    re.IGNORECASE,
)
# "freed 15 soldiers and five policemen it had taken prisoner": a clause about how the
# captives were taken; the sentence's verb says what happened to them
CAPTORS_CLAUSE = re.compile(
    r"^\s*,?\s*(?:it|they|the \w+|who|whom|that)\s+(?:had\s+|has\s+|have\s+)?(?:been\s+)?"
    r"(?:taken (?:prisoner|captive)|captured|abducted|seized|kidnapped)\b",
    re.IGNORECASE,
)
HOLDING_BEFORE = re.compile(
    rf"\b(?:is|are|still|continues? to|continue)\s+(?:holding|hold|holds|detaining|keeping)\s+"
    rf"{QUALIFIED}$",
    re.IGNORECASE,
)
STILL_AFTER = re.compile(
    r"^[^,;]{0,30}?\b(?:still|remains?|(?:have|has|had) not (?:yet )?been|yet to be)\b|"
    r"^\s*,\s*(?:who|that)\s+(?:are|were|is|was)\s+still\b",  # "…, who are still detained"
    re.IGNORECASE,
)  # "20 residents still waiting", "two captives who have not been released"
_REMAINING_BEFORE = re.compile(r"(?i)\bthe\s+remaining\s+$")  # "the remaining 20 hostages"
_REMAINING_AFTER = re.compile(r"(?i)^\S+\s+(?:other\s+)?remaining\b")  # "60 remaining captives"
_PART_OF_BEFORE = re.compile(r"(?i)\bof\s+(?:his|her|its|their|the)\s+$")  # "five of his 11"


# "talks to secure the release of the other six", "demanded the freedom of 40": a goal, so
# those counted are still held ("secured the release of 12" is done: not here)
_RELEASE_SOUGHT = re.compile(
    r"\b(?:secure|securing|seek|seeking|sought|win|winning|obtain|obtaining|demand(?:s|ed|ing)?|"
    r"negotiate|negotiating|(?:push|press|call|work)(?:es|s|ed|ing)?\s+for)\s+the\s+"
    r"(?:release|freedom|return)\s+of\s+(?:the\s+)?(?:other\s+|remaining\s+)?$",
    re.IGNORECASE,
)


def not_freed(sentence: str, mention: Mention) -> bool:
    """Counts of those not freed, whatever verb is near: people whose release is sought
    ("to secure the release of the other six"), and the remaining ones ("the return of
    about 60 remaining captives", "let five of his 11 remaining hostages go") unless the
    sentence says they were freed ("freed the remaining 20")."""
    start, end = mention.start, mention.end
    if _RELEASE_SOUGHT.search(sentence[max(0, start - 60) : start]):
        return True
    remaining = _REMAINING_BEFORE.search(sentence, max(0, start - 14), start) or (
        _REMAINING_AFTER.match(sentence[start:end])
    )
    if not remaining:
        return False
    part_of = _PART_OF_BEFORE.search(sentence, max(0, start - 12), start)
    return bool(part_of) or status(sentence, mention) != "completed"


HELD_HOSTAGE = re.compile(
    rf"{WHO_WERE}(?:held|taken|kept) hostage\b|"
    # "23 officials whom Tuareg rebels had been holding hostage"
    r"^\s*(?:[\w-]+\s+){0,2}?,?\s*(?:whom|who|that)\s+(?:the\s+)?(?:[\w'’-]+\s+){1,3}?"
    r"(?:had\s+been\s+|have\s+been\s+|"
    r"were\s+|was\s+|had\s+|has\s+)?(?:holding|held|kept|keeping|taken|took)\s+hostage\b",
    re.IGNORECASE,
)
ABDUCTED = re.compile(rf"{WHO_WERE}(?:{TAKEN_HOSTAGE})\b")


# "Ukrainian troops took at least 600 Russian soldiers prisoner": captured, not handed over
TOOK = re.compile(r"(?i)\b(?:took|taken|take|takes|taking)\s+(?:\w+\s+){0,3}$")
PRISONER_AFTER = re.compile(r"(?i)\s+(?:prisoners?|captives?|hostages?)\b")
POPULATION_BEFORE = re.compile(
    rf"\b(?:home to|population of|inhabited by|populated by)\s+{QUALIFIED}$", re.IGNORECASE
)
REFUSED_BEFORE = re.compile(
    r"\b(?:refused|refuses|refusing|declined|declines|failed|fails)\s+to\s+"
    rf"(?:free|release|return|hand over|swap|exchange)\s+(?:the\s+)?{QUALIFIED}$",
    re.IGNORECASE,
)
# "2 civilians held on espionage grounds", "five civilians jailed for spying": a state's
# prisoners who are not soldiers are detainees (records.md)
HELD_ON_CHARGES = re.compile(
    rf"{WHO_WERE}(?:held|jailed|imprisoned|detained|convicted|sentenced|arrested)\s+"
    r"(?:on|for)\b",
    re.IGNORECASE,
)
