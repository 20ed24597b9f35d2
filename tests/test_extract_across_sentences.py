"""What one sentence cannot settle alone: the same people told twice, a named person who is
one of a counted group, the way back named in a later sentence, a swap told only by its
total, and a handover that is only possible.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import datetime as dt

from helpers_extract import Flow, flows_of

from summarizer.extract.digest import extract

FRIDAY = dt.date(2025, 5, 23)


def flows(text: str) -> set[Flow]:
    return flows_of(text, FRIDAY)


def statuses(text: str) -> set[tuple[str, int | None]]:
    found = extract(text, FRIDAY)
    return {(e.status, t.count) for e in found.events for t in e.transfers}


def test_a_handover_that_could_happen_is_not_reported_as_done() -> None:
    text = (
        "Talks resumed in Istanbul, a step that could bring 900 Ukrainian prisoners of war "
        "home from Russia, Kyiv said."
    )
    assert statuses(text) == {("announced", 900)}


def test_could_not_confirm_leaves_a_done_handover_done() -> None:
    text = (
        "Russia returned 40 Ukrainian prisoners of war on Friday, which monitors could not "
        "confirm."
    )
    assert statuses(text) == {("completed", 40)}


def test_two_nouns_for_the_same_living_people_are_one_flow() -> None:
    text = (
        "Saudi Arabia frees 75 Houthi prisoners.\n\n"
        "Saudi Arabia returned 75 Houthi detainees to Sanaa on Thursday, the ICRC said."
    )
    found = flows(text)
    assert len(found) == 1
    assert {(a, b, n) for a, b, _, n in found} == {("Saudi Arabia", "Houthis", 75)}


def test_the_same_count_of_two_kinds_in_one_sentence_stays_two_groups() -> None:
    text = "Russia handed over 10 Ukrainian civilians and 10 Ukrainian prisoners of war on Friday."
    assert flows(text) == {
        ("Russia", "Ukraine", "civilians", 10),
        ("Russia", "Ukraine", "prisoners_of_war", 10),
    }


def test_a_person_named_later_is_one_of_the_counted_group_not_another_flow() -> None:
    text = (
        "The Taliban freed three US citizens on Tuesday, its foreign ministry said.\n\n"
        "The family of Daniel Harlow, a US citizen held since 2023, confirmed he had been "
        "freed."
    )
    assert flows(text) == {("Taliban", "United States", "detainees", 3)}


def test_traded_for_a_named_person_is_the_way_back_of_the_group_before() -> None:
    text = (
        "The Taliban freed three US citizens on Tuesday, its foreign ministry said.\n\n"
        "The ministry said they had been traded for Omar Rahimi, who was serving a sentence "
        "in Texas."
    )
    assert ("United States", "Taliban", "detainees", None) in flows(text)


def test_in_return_for_a_side_names_no_person() -> None:
    text = (
        "Venezuela let five jailed Americans go in return for the United States freeing "
        "two relatives of a minister, the White House said on Friday."
    )
    assert ("United States", "Venezuela", "detainees", None) not in flows(text)


def test_a_swap_told_only_by_its_total_goes_both_ways_without_numbers() -> None:
    text = (
        "Armenia and Azerbaijan swapped 36 prisoners of war on Friday, officials in both "
        "capitals said."
    )
    found = extract(text, FRIDAY)
    assert {(t.from_, t.to, t.count) for e in found.events for t in e.transfers} == {
        ("Armenia", "Azerbaijan", None),
        ("Azerbaijan", "Armenia", None),
    }
    assert [(f.kind, f.value) for f in found.figures] == [("other", 36)]


def test_a_total_beside_counted_ways_adds_no_uncounted_flows() -> None:
    text = (
        "Armenia and Azerbaijan swapped 36 prisoners of war on Friday: Azerbaijan handed "
        "over 32 Armenian soldiers and Armenia returned four Azerbaijani soldiers."
    )
    assert all(n is not None for *_, n in flows(text))


def test_people_an_armed_group_frees_go_to_its_home_state_when_the_article_names_it() -> None:
    text = (
        "Saudi Arabia freed 60 Houthi fighters on Monday, Yemen's government said.\n\n"
        "In March the Houthis let 45 detainees go."
    )
    assert ("Houthis", "Yemen", "detainees", 45) in flows(text)


def test_an_expectation_told_after_the_headline_says_it_happened_is_the_same_release() -> None:
    text = (
        "Israel says 60 Palestinian prisoners freed after Hamas releases two hostages\n\n"
        "Hamas says 30 Palestinian prisoners will be freed from Israeli jails for every "
        "hostage released, which means 60 Palestinians are expected to be freed soon."
    )
    found = extract(text, None)
    sixty = [(e.status, t.count) for e in found.events for t in e.transfers if t.count == 60]
    assert sixty == [("completed", 60)]


def test_another_group_expected_after_a_release_is_a_second_flow() -> None:
    text = (
        "Israel says 60 Palestinian prisoners freed after Hamas releases two hostages\n\n"
        "Another 60 Palestinians are expected to be freed soon, Hamas said."
    )
    found = extract(text, None)
    statuses = sorted(e.status for e in found.events for t in e.transfers if t.count == 60)
    assert statuses == ["announced", "completed"]


def test_a_stage_equal_to_another_stage_plus_an_earlier_swaps_return_flow_is_a_flow() -> None:
    text = (
        "On September 22, Ukraine got 200 defenders back from Russian captivity, and Russia "
        "got 40 prisoners in return.\n\n"
        "On October 29, 60 people were freed from Russian captivity, on November 3 - 100 more "
        "military."
    )
    assert (
        "Russia",
        "Ukraine",
        "prisoners_of_war",
        100,
    ) in flows_of(text, dt.date(2022, 11, 4))


def test_a_ministry_named_once_with_its_nationality_speaks_for_that_side_later() -> None:
    text = (
        "The Russian Ministry of Defence said on Thursday that talks with Kiev went on.\n\n"
        "On March 1, Russia handed 45 Ukrainian prisoners over to Kiev. On that occasion the "
        "Ministry of Defence reported that 30 servicemen had returned."
    )
    assert ("Ukraine", "Russia", "prisoners_of_war", 30) in flows_of(text, dt.date(2023, 5, 5))


def test_a_ministry_both_sides_have_is_nobodys_once_both_are_named() -> None:
    from summarizer.extract.attribution import BodySides

    bodies = BodySides()
    assert bodies.side("the Russian Ministry of Defence", "Russia") == "Russia"
    assert bodies.side("the Ministry of Defence", None) == "Russia"
    assert bodies.side("Ukraine's Ministry of Defence", "Ukraine") == "Ukraine"
    assert bodies.side("the Ministry of Defence", None) is None


def test_palestinians_freed_to_the_palestinian_authority_are_its_when_hamas_is_not_named() -> (
    None
):
    text = (
        "Israel freed 26 Palestinian prisoners overnight as part of US-brokered peace talks, "
        "and Palestinian Authority President Mahmoud Abbas welcomed them in Ramallah."
    )
    found = flows_of(text, dt.date(2013, 12, 31))
    assert {(f, t) for f, t, _, n in found if n == 26} == {("Israel", "Palestinian Authority")}
