"""Whether a handover is done, planned or offered, read from the clause that holds the
count; each pinned on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from summarizer.extract.digest import extract

TUESDAY = dt.date(2031, 3, 11)


def test_a_which_clause_about_the_truce_does_not_make_a_done_handover_planned() -> None:
    text = (
        "Ten Israeli hostages freed by Hamas crossed into Israel on Monday night in the third "
        "swap of the truce, which began on Friday and had been set to expire."
    )
    found = extract(text, TUESDAY)
    statuses = {(t.count, e.status) for e in found.events for t in e.transfers}
    assert statuses == {(10, "completed")}


def test_a_count_inside_the_which_clause_keeps_that_clause_modality() -> None:
    text = (
        "The two sides signed a deal on Monday, which will see 40 Palestinian prisoners "
        "freed by Israel next week."
    )
    found = extract(text, TUESDAY)
    assert [e.status for e in found.events] == ["announced"]


def test_what_a_side_has_handed_back_under_a_ceasefire_is_a_running_total() -> None:
    text = (
        "Under the truce, which took effect on March 3, Hamas has handed back the remains "
        "of 17 hostages to Israel."
    )
    found = extract(text, TUESDAY)
    assert [t for e in found.events for t in e.transfers] == []
    assert [(f.kind, f.value) for f in found.figures] == [("cumulative_total", 17)]
