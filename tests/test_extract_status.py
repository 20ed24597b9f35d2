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


def test_a_total_that_a_statement_brings_to_a_number_is_a_running_total_not_a_handover() -> (
    None
):
    text = (
        'The morgue said: "12 bodies arrived today in the ninth batch of the exchange, which '
        'brings the total of bodies received to 240."'
    )
    found = extract(text, TUESDAY)
    counts = [t.count for e in found.events for t in e.transfers]
    assert 240 not in counts
    assert ("cumulative_total", 240) in {(f.kind, f.value) for f in found.figures}


def test_a_number_put_at_so_many_for_each_side_went_both_ways() -> None:
    text = (
        "The head of the Russian-backed Donetsk administration reported an exchange with "
        "Ukraine, putting the number of fighters swapped at 60 for each side."
    )
    found = {(t.from_, t.to, t.count) for e in extract(text, TUESDAY).events for t in e.transfers}
    assert {c for *_, c in found} == {60}
    assert len(found) == 2


def test_remains_said_to_be_those_of_a_named_hostage_are_remains() -> None:
    text = (
        "Israel confirmed that the remains Hamas had returned were those of Israeli hostage "
        "Ori Levanon, who was killed in 2023."
    )
    kinds = {t.category for e in extract(text, TUESDAY).events for t in e.transfers}
    assert kinds == {"remains"}


def test_an_allys_nationals_a_coalition_says_it_freed_went_to_the_group_it_fights() -> None:
    text = (
        "Yemen's Houthis and the Saudi-led coalition have fought for a year. "
        "The Saudi-led coalition said on Monday it had freed 40 Yemeni detainees."
    )
    found = {(t.from_, t.to, t.count) for e in extract(text, TUESDAY).events for t in e.transfers}
    assert found == {("Saudi Arabia", "Houthis", 40)}


def test_another_subjects_plans_after_as_do_not_make_a_done_release_planned() -> None:
    text = "Hamas frees two US hostages through Qatari mediation as Israel gets ready to invade"
    found = extract(text, TUESDAY)
    assert [e.status for e in found.events] == ["completed"]


def test_a_done_swap_of_so_many_prisoners_from_both_sides_is_its_total() -> None:
    text = (
        "Last October, the Yemeni government and the Houthis exchanged 300 prisoners from "
        "both sides over two days."
    )
    found = extract(text, TUESDAY)
    assert all(t.count is None for e in found.events for t in e.transfers)  # ways uncounted
    assert 300 in {f.value for f in found.figures}


def test_so_many_from_both_sides_still_to_be_exchanged_go_each_way() -> None:
    text = (
        "Russia and Ukraine agreed that no fewer than 200 more prisoners of war from both "
        "sides will be exchanged soon, the Russian negotiator said."
    )
    found = {(t.from_, t.to, t.count) for e in extract(text, TUESDAY).events for t in e.transfers}
    assert found == {("Russia", "Ukraine", 200), ("Ukraine", "Russia", 200)}


def test_soldiers_still_in_the_hands_of_a_group_are_still_held_not_handed_over() -> None:
    text = (
        "Morocco and the Polisario Front exchanged accusations. There are still 300 Moroccan "
        "soldiers in the hands of the Polisario, a Moroccan official said."
    )
    found = extract(text, TUESDAY)
    assert found.events == []
    assert ("still_held", 300) in {(f.kind, f.value) for f in found.figures}


def test_people_brought_back_from_one_date_to_another_are_a_running_total() -> None:
    text = "From March 2 to September 30, Ukraine brought 640 people back from Russian captivity."
    found = extract(text, TUESDAY)
    assert found.events == []
    assert ("cumulative_total", 640) in {(f.kind, f.value) for f in found.figures}


def test_what_a_side_has_also_returned_after_a_running_tally_continues_the_tally() -> None:
    text = (
        "Since the ceasefire began, Israel has released about 1,500 Palestinian prisoners. "
        "Israel has also returned the bodies of 210 Palestinians to Gaza."
    )
    found = extract(text, TUESDAY)
    assert all(t.count != 210 for e in found.events for t in e.transfers)
    assert ("cumulative_total", 210) in {(f.kind, f.value) for f in found.figures}


def test_releases_counted_up_to_now_in_a_year_are_a_running_total() -> None:
    text = (
        "Up to now in 2023, the ICRC has facilitated the release of 31 people held by armed "
        "groups."
    )
    found = extract(text, TUESDAY)
    assert found.events == []
    assert ("cumulative_total", 31) in {(f.kind, f.value) for f in found.figures}
