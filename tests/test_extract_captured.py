"""How the captives were taken is a clause about them, not what happened to them in the
sentence; each pinned on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from helpers_extract import flows_of

WEDNESDAY = dt.date(2031, 4, 9)


def test_people_a_group_had_taken_prisoner_and_now_freed_are_a_handover() -> None:
    text = (
        "Thirty prisoners from the rebel Sudan Liberation Army have been released by Sudan. "
        "The release came after a similar step by the rebels, who last month freed 12 "
        "government soldiers and four policemen it had taken prisoner."
    )
    found = flows_of(text, WEDNESDAY)
    assert ("Sudan Liberation Army", "Sudan", "prisoners_of_war", 4) in found


def test_prisoners_said_to_be_captured_in_fighting_are_prisoners_of_war_in_every_sentence() -> (
    None
):
    text = (
        "Sudanese government frees six rebel prisoners\n\n"
        "Six prisoners from the rebel Sudan Liberation Army who had been captured in fighting "
        "in Darfur have been released by Sudan, the official news agency said on Tuesday."
    )
    found = flows_of(text, WEDNESDAY)
    assert {(f, t, c) for f, t, c, n in found if n == 6} == {
        ("Sudan", "Sudan Liberation Army", "prisoners_of_war")
    }


def test_artsakh_soldiers_are_armenias_the_way_armenian_outlets_name_karabakhs_forces() -> None:
    text = (
        "Azerbaijan returned the remains of 20 Artsakh soldiers on Tuesday, Russian "
        "peacekeepers said."
    )
    assert flows_of(text, WEDNESDAY) == {("Azerbaijan", "Armenia", "remains", 20)}


def test_prisoners_flown_from_the_coalition_state_to_its_allys_country_go_to_the_group() -> None:
    text = (
        "The Houthis and Yemen's government ended a swap on Sunday. On Monday 60 prisoners "
        "of war were flown from Saudi Arabia to Yemen, a day after the end of a major "
        "exchange of 500 captives, the ICRC said."
    )
    found = flows_of(text, WEDNESDAY)
    assert ("Saudi Arabia", "Houthis", "prisoners_of_war", 60) in found
    assert not {("Saudi Arabia", "Yemen"), ("Yemen", "Saudi Arabia")} & {
        (f, t) for f, t, _, _ in found
    }
