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
