"""What the article's thread settles once every sentence is read: a group whose sentence
names no side went the way of the handover before it, Palestinians are the body the article
names when it never names Hamas, and a whole told before its first stage is a figure."""

from __future__ import annotations

import re

from summarizer.extract.parties import party_mentions
from summarizer.extract.readings import Reading
from summarizer.extract.verbs import SWAP_WORD

_PALESTINIAN_BODIES = ("Palestinian Authority", "Palestine Liberation Organization")


def palestinians_without_hamas(text: str, counts: dict[str, int], readings: list[Reading]) -> None:
    """Palestinians go to Hamas by default (records.md), but in an article that never names
    Hamas and names the Palestinian Authority or the PLO (the 2013 prisoner tranches, the
    1983 and 1985 swaps) they are that body's."""
    body = next((b for b in _PALESTINIAN_BODIES if b in counts), None)
    if body is None or re.search(r"\bHamas\b", text):
        return
    for r in readings:
        r.giver = body if r.giver == "Hamas" else r.giver
        r.receiver = body if r.receiver == "Hamas" else r.receiver


_HOME_OR_BACK = re.compile(r"(?i)\b(?:home|homeland|back)\b")


def follow_the_thread(readings: list[Reading], mediators: frozenset[str] = frozenset()) -> None:
    """'Seven border guards also returned home', 'three bodies had been repatriated as well'
    in an article that has already said which way its handovers went: a group whose own
    sentence names no side went the way of the last handover of its kind before it. A
    sentence naming a side outside that way is left open, and so is one that does not say
    the captives came home or back: "the four officers' release", "freed at the same
    ceremony were two foreign prisoners" are other groups, often going the other way.

    Measured: asked this closed choice, the 1.5B model was right once in 13 (it favours the
    first listed pair), so the article's own thread decides and the model is asked only
    when nothing came before. Taken for every open sentence, the thread was right in 5 of
    14 sentences of the later blind tuning batches (228 onward) and added 17 false flows and
    no match on validation, in aggregate; kept to sentences of coming home, tuning loses 10
    matches and 7 false flows, validation gains 1 match and loses 16 false flows."""
    for i, r in enumerate(readings):
        if "direction" not in r.open or r.role != "handed_over":
            continue
        before = [
            p
            for p in readings[:i]
            if p.giver and p.receiver and p.role == "handed_over" and not p.reverse
        ]
        told_again = any(
            p.mention.count == r.mention.count and p.status != r.status for p in before
        ) and bool(re.search(r"(?i)\bthe\s+$", r.sentence[: r.mention.start]))
        # "the 14 POWs had already been let go": the group announced before, now done
        if not told_again and not _HOME_OR_BACK.search(r.sentence):
            continue
        same_kind = [p for p in before if p.category == r.category] or before
        if same_kind and _names_another_side(r, same_kind[-1], mediators):
            continue  # "Vienna greeted the release of its two citizens": not that way
        if same_kind:
            r.giver, r.receiver = same_kind[-1].giver, same_kind[-1].receiver
            r.why = "no side in its sentence: the way of the last handover before it"
            r.open.remove("direction")


def _names_another_side(r: Reading, last: Reading, mediators: frozenset[str]) -> bool:
    """The sentence names a side (or its people) outside the way before it, so the words
    are about another pair even where code could not read which way (measured: tuning fp
    -3, no match lost; validation, in aggregate, fp -6 and one match lost)."""
    way = {last.giver, last.receiver}
    return bool({m.party for m in party_mentions(r.sentence)} - way - mediators)


_STAGE = re.compile(
    r"\b(?:first|second|third|initial|opening)\s+(?:stage|phase|batch|round|leg|part)\b|"
    r"\b(?:stage|phase) (?:one|1)\b",
    re.IGNORECASE,
)


def whole_before_its_stages(readings: list[Reading]) -> None:
    """'An exchange on March 5-6 involving 500 from each side. Today is the first stage: 200
    are exchanged.' A handover told before the article counts a stage of it with a smaller
    number is the whole deal's size, a figure, not a handover of its own (records.md: the
    stages are the events, the grand total is not a transfer)."""
    for r in readings:
        if r.role != "handed_over" or r.mention.count is None or r.status != "completed":
            continue  # an announced whole is the deal's own transfer (tuning 40's 6,000)
        if _STAGE.search(r.sentence):
            continue  # "the first stage took place on May 23, when each side returned 390"
        stage = next(
            (
                s
                for s in readings
                if r.index < s.index <= r.index + 2
                and s.role == "handed_over"
                and s.mention.count is not None
                and s.mention.count < r.mention.count
                and _STAGE.search(s.sentence)
            ),
            None,
        )
        if stage is not None:
            r.role = "total"
            r.why = "; ".join(filter(None, [r.why, "a later sentence counts a stage of it"]))


def whole_then_by_home(readings: list[Reading], top: list[str]) -> None:
    """'The remains of 81 soldiers have been exchanged by the two countries. Among them were
    the remains of 72 Iranian soldiers and of eight Iraqi fighters': a swap counted whole,
    then by whose people they are, one count for each of its two sides. The whole, both ways
    together, is a figure (records.md: a grand total is not a transfer) and each part went
    home to its side, from the other. Parts that add up to the whole or a little less (an
    outlet's 72 and 8 of 81) count; parts of one side only ("Ukrainian soldiers and
    civilians") are another matter and left alone."""
    if len(top) != 2:
        return
    for whole in readings:
        n = whole.mention.count
        if n is None or whole.role not in ("handed_over", "total") or whole.reverse:
            continue
        if not SWAP_WORD.search(whole.sentence):
            continue
        if whole.giver and whole.receiver and {whole.giver, whole.receiver} != set(top):
            continue
        parts = [
            p
            for p in readings
            if p is not whole
            and (p.index == whole.index + 1
                 or (p.index == whole.index and p.mention.start > whole.mention.start))
            and p.mention.count is not None
            and p.mention.home in top
            and p.role in (None, "part")
        ]  # fmt: skip
        if {p.mention.home for p in parts} != set(top):
            continue
        if not 0.9 * n <= sum(p.mention.count or 0 for p in parts) <= n:
            continue
        whole.role = "total"
        whole.why = "; ".join(filter(None, [whole.why, "counted again by each side's people"]))
        for p in parts:
            p.role, p.status, p.open = "handed_over", whole.status, []
            p.receiver = p.mention.home
            p.giver = top[1] if p.receiver == top[0] else top[0]
            p.date_text = p.date_text or whole.date_text
            p.sources = p.sources or list(whole.sources)
            if p.category in ("people", "mixed") or whole.category == "remains":
                p.category = whole.category  # "81 soldiers' remains … 72 Iranian soldiers"
            p.why = "a part of the swap counted whole before it, by whose people they are"
