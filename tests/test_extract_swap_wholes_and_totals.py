"""Swaps counted whole and in parts, running totals and a swap's total beside the day's
handover, and coming home with no giving verb (records.md: a grand total is not a
transfer). Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from summarizer.extract.digest import extract
from tests.helpers_extract import flows_of

DAY = dt.date(2024, 6, 20)


def test_a_swap_counted_whole_then_by_each_sides_people_gives_one_flow_per_side() -> None:
    text = (
        "The remains of 51 soldiers have been exchanged by Iraq and Iran, the Red Cross said. "
        "Among them were the remains of 40 Iranian soldiers and of ten Iraqi soldiers."
    )
    assert flows_of(text, DAY) == {
        ("Iraq", "Iran", "remains", 40),
        ("Iran", "Iraq", "remains", 10),
    }
    assert [(f.kind, f.value) for f in extract(text, DAY).figures] == [("other", 51)]


def test_parts_of_one_sides_people_do_not_split_a_swap() -> None:
    text = (
        "Russia and Ukraine exchanged 60 prisoners on Tuesday. Among them were 30 Ukrainian "
        "soldiers and 30 Ukrainian civilians."
    )
    assert ("Ukraine", "Russia", "civilians", 30) not in flows_of(text, DAY)


def test_captives_who_went_back_to_their_country_were_handed_over() -> None:
    text = (
        "Of these, 40 Eritreans went back to their country on Friday. Ethiopia freed them "
        "under the Geneva Conventions."
    )
    assert ("Ethiopia", "Eritrea", "mixed", 40) in flows_of(text, DAY)


def test_a_count_freed_in_exchanges_since_a_year_far_after_its_noun_is_a_running_total() -> None:
    text = (
        "According to the committee, 5,000 prisoners from both sides of the war in the north "
        "have been freed in exchanges through local mediation since the talks began in 2016."
    )
    found = extract(text, DAY)
    assert not found.events
    assert [(f.kind, f.value) for f in found.figures] == [("cumulative_total", 5000)]


def test_a_span_after_the_next_count_is_that_counts_not_this_ones() -> None:
    text = (
        "With the release of the 40 Palestinian detainees by Israel a few days ahead of the "
        "holiday, 300 people have now been freed since Friday."
    )
    assert ("Israel", "Hamas", "detainees", 40) in flows_of(text, DAY)


def test_two_sides_that_traded_a_batch_of_prisoners_counted_it_both_ways_together() -> None:
    text = (
        "A local official said that forces loyal to the Yemeni government and the Houthi rebel "
        "group traded a fresh batch of 18 prisoners on Monday in Taiz."
    )
    found = extract(text, DAY)
    assert {(t.from_, t.to, t.count) for e in found.events for t in e.transfers} == {
        ("Houthis", "Yemen", None),
        ("Yemen", "Houthis", None),
    }
    assert [(f.kind, f.value) for f in found.figures] == [("other", 18)]


def test_the_other_sides_count_over_the_same_span_is_a_running_total_too() -> None:
    text = (
        "The rebels have released more than 300 prisoners since the exchange campaign began "
        "in the spring, while Ukraine has freed 280 people."
    )
    found = extract(text, DAY)
    assert not found.events
    assert ("cumulative_total", 280) in {(f.kind, f.value) for f in found.figures}


def test_a_count_in_which_a_swap_freed_people_is_the_swaps_total() -> None:
    text = (
        "The government and the Houthis swapped 26 bodies on Sunday. The two sides carried "
        "out a large exchange in 2023 in which around 800 detainees were released."
    )
    found = extract(text, DAY)
    assert 800 not in {t.count for e in found.events for t in e.transfers}
    assert ("other", 800) in {(f.kind, f.value) for f in found.figures}
