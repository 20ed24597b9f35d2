"""Phrasings met in tuning batches 228 onward, each pinned on sentences written for these
tests (the fixture articles themselves are not quoted)."""

from __future__ import annotations

import datetime as dt

from tests.helpers_extract import flows_of

DAY = dt.date(2024, 6, 20)


def test_citizens_of_a_country_coming_home_go_to_that_country() -> None:
    text = (
        "Moscow and Kyiv held another swap on Thursday. Seven citizens of Ukraine have come "
        "home, the intelligence agency said."
    )
    assert ("Russia", "Ukraine", "civilians", 7) in flows_of(text, DAY)


def test_an_exchange_between_two_sides_as_subject_names_no_giver() -> None:
    text = (
        "A new exchange between Ukraine and Russia has brought 12 soldiers back to their "
        "homeland, Ukrainian officials said."
    )
    assert ("Ukraine", "Russia", "prisoners_of_war", 12) not in flows_of(text, DAY)


def test_a_count_from_two_named_sides_that_are_exchanged_is_that_many_each_way() -> None:
    text = "On Thursday 150 prisoners from Russia and Ukraine were exchanged at the border."
    found = flows_of(text, DAY)
    assert {(a, b, n) for a, b, _, n in found} == {
        ("Russia", "Ukraine", 150),
        ("Ukraine", "Russia", 150),
    }


def test_an_n_by_n_formula_is_that_many_each_way() -> None:
    text = 'Russia and Ukraine carried out a prisoner exchange on the "40 by 40" formula.'
    found = flows_of(text, DAY)
    assert {(a, b, n) for a, b, _, n in found} == {
        ("Russia", "Ukraine", 40),
        ("Ukraine", "Russia", 40),
    }


def test_a_whole_told_before_its_first_stage_is_not_a_handover() -> None:
    text = (
        "Russia is carrying out an exchange with Ukraine on June 19-20 that involves 250 "
        "people from each side. Today is the first stage: 90 prisoners from Russia and "
        "Ukraine are exchanged."
    )
    counts = {n for *_, n in flows_of(text, DAY)}
    assert 250 not in counts
    assert 90 in counts


def test_a_regime_and_unnamed_rebels_swap_with_the_state_holding_detainees() -> None:
    text = (
        "Syrian rebels and the regime swap prisoners.\n\n"
        "The government's troops freed 14 captives on Monday, while the rebels handed back "
        "9 soldiers, state media said."
    )
    found = flows_of(text, DAY)
    assert ("Syria", "Syrian Opposition", "detainees", 14) in found
    assert ("Syrian Opposition", "Syria", "prisoners_of_war", 9) in found


def test_a_list_after_among_them_ends_where_a_new_clause_begins() -> None:
    text = (
        "Syrian rebels and the Syrian regime held a swap. The regime freed 30 captives, "
        "women among them, while the rebels handed back 12 prisoners."
    )
    assert any(n == 12 for *_, n in flows_of(text, DAY))


def test_prisoners_affiliated_with_a_group_go_home_to_it() -> None:
    text = (
        "Government fighters in Taiz freed 35 Houthi-affiliated prisoners on Sunday, "
        "local officials said."
    )
    assert ("Yemen", "Houthis", "prisoners_of_war", 35) in flows_of(text, DAY) or (
        "Yemen",
        "Houthis",
        "detainees",
        35,
    ) in flows_of(text, DAY)


def test_states_leading_a_peace_process_are_not_a_side_of_the_swap() -> None:
    text = (
        "Syrian rebels and the regime exchanged prisoners as part of a peace process led by "
        "Turkey and Iran. The limited exchange took in 30 people, Turkish media said."
    )
    assert not any("Turkey" in (a, b) for a, b, *_ in flows_of(text, DAY))


def test_hostages_let_go_over_recent_weeks_are_a_running_total() -> None:
    text = (
        "Abu Sayyaf freed two Malaysian sailors on Sunday. The group has let seven hostages "
        "go over the past three weeks, officials said."
    )
    assert all(n != 7 for *_, n in flows_of(text, DAY))
