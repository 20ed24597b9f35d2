"""What the article's thread settles once every sentence is read: a group whose sentence
names no side went the way of the handover before it, and Palestinians are the body the
article names when it never names Hamas."""

from __future__ import annotations

import re

from summarizer.extract.readings import Reading

_PALESTINIAN_BODIES = ("Palestinian Authority", "Palestine Liberation Organization")


def palestinians_without_hamas(
    text: str, counts: dict[str, int], readings: list[Reading]
) -> None:
    """Palestinians go to Hamas by default (records.md), but in an article that never names
    Hamas and names the Palestinian Authority or the PLO (the 2013 prisoner tranches, the
    1983 and 1985 swaps) they are that body's."""
    body = next((b for b in _PALESTINIAN_BODIES if b in counts), None)
    if body is None or re.search(r"\bHamas\b", text):
        return
    for r in readings:
        r.giver = body if r.giver == "Hamas" else r.giver
        r.receiver = body if r.receiver == "Hamas" else r.receiver


def follow_the_thread(readings: list[Reading]) -> None:
    """'Seven border guards also returned home', 'three bodies had been repatriated as well'
    in an article that has already said which way its handovers went: a group whose own
    sentence names no side went the way of the last handover of its kind before it.

    Measured: asked this closed choice, the 1.5B model was right once in 13 (it favours the
    first listed pair), so the article's own thread decides and the model is asked only
    when nothing came before."""
    for i, r in enumerate(readings):
        if "direction" not in r.open or r.role != "handed_over":
            continue
        before = [
            p
            for p in readings[:i]
            if p.giver and p.receiver and p.role == "handed_over" and not p.reverse
        ]
        same_kind = [p for p in before if p.category == r.category] or before
        if same_kind:
            r.giver, r.receiver = same_kind[-1].giver, same_kind[-1].receiver
            r.why = "no side in its sentence: the way of the last handover before it"
            r.open.remove("direction")
