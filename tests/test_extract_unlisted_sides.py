"""Sides no table lists: a faction known by its leader, a group introduced with an
acronym, an acronym the article keeps using. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from summarizer.extract.named_groups import leader_sides
from summarizer.extract.unlisted_sides import unlisted_sides
from tests.helpers_extract import flows_of

DAY = dt.date(1997, 2, 18)


def test_a_warlord_introduced_by_name_is_a_side_under_his_surname_too() -> None:
    text = (
        "The warlord, Dovran Kerimov, had demanded talks. On Monday Kerimov let four "
        "hostages go to the government of Kyrgyzstan."
    )
    assert leader_sides(text) == {
        "dovran kerimov": "Dovran Kerimov",
        "kerimov": "Dovran Kerimov",
    }
    assert ("Dovran Kerimov", "Kyrgyzstan", "hostages", 4) in flows_of(text, DAY)


def test_a_leader_named_once_in_passing_is_no_side() -> None:
    text = "The rebel leader Tamas Orbel was not at the handover of 12 soldiers to Chad."
    assert leader_sides(text) == {}


def test_a_warlord_named_beside_a_mediation_word_still_holds_the_hostages() -> None:
    text = (
        "The warlord, Dovran Kerimov, seized 9 hostages in February. Through the mediation "
        "of Kazakh officials, Kerimov freed 9 hostages to Kyrgyzstan on Sunday."
    )
    flows = flows_of(text, DAY)
    assert ("Dovran Kerimov", "Kyrgyzstan", "hostages", 9) in flows


def test_a_group_introduced_with_an_acronym_and_acting_is_a_side_by_its_full_name() -> None:
    text = (
        "The Sons of the Lowlands (SOL) freed 14 Chadian soldiers on Friday. The "
        "SOL said it still held others."
    )
    found = unlisted_sides(text)
    assert found["sol"] == found["sons of the lowlands"]
    ways = {(a, b, n) for a, b, _, n in flows_of(text, DAY)}
    # the full name, though the acronym is used more: the name other outlets share
    assert ways == {("Sons of the Lowlands", "Chad", 14)}


def test_an_acronym_used_alone_twice_that_hands_captives_over_gives_them() -> None:
    text = (
        "The KLB kidnapped two engineers in March. On Tuesday the KLB released the two "
        "engineers to the army of Mali."
    )
    assert {(a, b, n) for a, b, _, n in flows_of(text, DAY)} == {("KLB", "Mali", 2)}


def test_an_acronym_used_alone_twice_that_holds_captives_is_a_side() -> None:
    text = (
        "The KLB kidnapped two engineers in March. On Tuesday the KLB released the two "
        "engineers to the army of Mali."
    )
    assert set(unlisted_sides(text).values()) == {"KLB"}


def test_a_news_agency_acronym_or_a_named_government_is_no_side() -> None:
    text = (
        "The Government of National Unity (GNU) freed 30 fighters, the XNA news agency "
        "said. The GNU said the 30 fighters had been held for a year. XNA said so again."
    )
    assert unlisted_sides(text) == {}


def test_an_acronym_that_never_acts_is_no_side() -> None:
    text = "The ZKT conference met in June. The ZKT will meet again in July."
    assert unlisted_sides(text) == {}


def test_two_people_named_by_nationality_go_home_each_to_their_country() -> None:
    text = (
        "The Taliban on Tuesday let go a Canadian and a Norwegian it had held hostage since "
        "2019, in return for three Taliban commanders."
    )
    found = {(a, b, c, n) for a, b, c, n in flows_of(text, DAY) if n is None}
    assert found == {
        ("Taliban", "Canada", "hostages", None),
        ("Taliban", "Norway", "hostages", None),
    }


def test_an_unnamed_person_freed_by_a_group_named_as_a_people_goes_to_its_enemy() -> None:
    text = "In return the Houthis freed a tribal leader of the Yemeni government side."
    assert ("Houthis", "Yemen", "detainees", None) in flows_of(text, DAY)


def test_a_usual_opponent_named_once_does_not_outrank_the_side_the_article_is_about() -> None:
    text = (
        "Lebanon's government welcomed the news on Sunday, and Lebanese officials said more "
        "could follow. Unlike Hamas, Lebanon had asked the UN for help. Israel freed 40 "
        "prisoners at the Naqoura crossing, Lebanon's army said."
    )
    assert {(a, b, n) for a, b, _, n in flows_of(text, DAY)} == {("Israel", "Lebanon", 40)}


def test_a_commander_of_an_unnamed_alliance_is_a_side_a_listed_groups_leader_is_not() -> None:
    text = (
        "Rashid Karimov, commander of an anti-Taliban alliance, offered to hand back 40 "
        "Taliban captives. Karimov said the offer stood. Denis Pushilin, the leader of the "
        "DPR, said nothing. Pushilin left."
    )
    assert set(leader_sides(text).values()) == {"Rashid Karimov"}


def test_an_acronym_spelling_a_named_groups_initials_is_that_group() -> None:
    text = (
        "The Sulu Liberation Front handed six soldiers to the Philippine government on "
        "Monday. The SLF said the men had been treated well."
    )
    ways = {(a, b, n) for a, b, _, n in flows_of(text, DAY)}
    assert ways == {("Sulu Liberation Front", "Philippines", 6)}


def test_people_a_group_had_been_holding_hostage_are_hostages() -> None:
    text = (
        "The Azawad Liberation Front let go 23 Malian government officials whom the rebels "
        "had been holding hostage."
    )
    assert ("Azawad Liberation Front", "Mali", "hostages", 23) in flows_of(text, DAY)


def test_prisoners_in_a_sides_hands_are_given_up_by_that_side() -> None:
    text = (
        "Turkey was prepared to hand back 30 Syrian captives if two important prisoners in "
        "Syrian hands were freed in return."
    )
    assert ("Syria", "Turkey", 2) in {(a, b, n) for a, b, _, n in flows_of(text, DAY)}


def test_an_acronym_spelling_a_listed_state_keeps_it_a_state_not_an_armed_group() -> None:
    text = (
        "Chad and the Central African Republic swap soldiers\n\n"
        "Chad freed 12 soldiers of the Central African Republic on Monday. The CAR freed 9 "
        "Chadian soldiers in return, the CAR said."
    )
    # the state's soldiers held by another state are prisoners of war, not a group's members
    assert ("Chad", "Central African Republic", "prisoners_of_war", 12) in flows_of(text, DAY)
    assert ("Central African Republic", "Chad", "prisoners_of_war", 9) in flows_of(text, DAY)
