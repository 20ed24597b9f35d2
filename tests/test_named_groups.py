"""Sides no table lists: armed groups read from how the article names them, and one name
per side whichever spelling the article or the gold uses."""

from __future__ import annotations

import datetime as dt

from helpers_extract import Flow, flows_of

from summarizer.evaluation.scoring import declared_acronyms, transfers_match
from summarizer.extract.digest import extract
from summarizer.extract.named_groups import named_groups
from summarizer.extract.parties import party_mentions
from summarizer.normalize import normalize_party

MONDAY = dt.date(2024, 3, 4)


def flows(text: str) -> set[Flow]:
    return flows_of(text, MONDAY)


UNLISTED = (
    "Syrian army and rebel faction trade captives near Idlib\n\n"
    "The Liwa al-Fath faction handed over 12 soldiers on Monday, a local monitor said. "
    "A smaller group, the Islamic State, had kidnapped two shepherds in the area last year. "
    "Liwa al-Fath is one of the factions holding the town."
)


def test_an_unlisted_faction_that_hands_over_soldiers_is_the_giver() -> None:
    assert ("Liwa al-Fath", "Syria", "prisoners_of_war", 12) in flows(UNLISTED)


def test_a_rebel_faction_told_without_its_name_is_the_group_the_article_names_most() -> None:
    text = (
        "A rebel faction has handed 18 women to government forces in Syria, the monitor said. "
        "The Jaish al-Fursan faction had held them for a year. Jaish al-Fursan fights the "
        "Islamic State as well as the army."
    )
    assert {g for g, *_ in flows(text)} == {"Jaish al-Fursan"}


def test_descriptions_and_listed_groups_are_not_new_groups() -> None:
    text = (
        "A Syrian rebel faction and the Wagner group were named. The Islamic State group "
        "holds others, and the National Guard brigade took part. The rebel group was not named."
    )
    assert named_groups(text) == {}


def test_an_acronym_in_brackets_names_the_same_group() -> None:
    text = "The Ansar al-Adl Brigades (AAB) freed four engineers. AAB fighters withdrew."
    name = "Ansar al-Adl Brigades"
    assert named_groups(text) == {name.lower(): name, "aab": name}


def test_a_possessive_owner_is_not_part_of_the_groups_name() -> None:
    text = "Syria traded prisoners with al-Qaeda's Wa Harid al-Mu'minin operations room."
    assert "wa harid al-mu'minin" in named_groups(text)


def test_one_articles_groups_do_not_leak_into_the_next_article() -> None:
    extract(UNLISTED, MONDAY)
    assert party_mentions("Liwa al-Fath freed them.") == []


def test_a_group_the_state_also_claims_is_its_own_side_when_listed() -> None:
    text = "The Libyan National Army freed five fighters of the Tripoli government on Monday."
    assert next(m.party for m in party_mentions(text)) == "Libyan National Army"


def test_two_spellings_of_one_listed_side_score_as_one_side() -> None:
    assert normalize_party("JNIM") == normalize_party("Jama'at Nusrat al-Islam wal-Muslimin")
    gold = {"from": "M23", "to": "DRC", "category": "detainees", "count": 30}
    predicted = dict(gold, to="Democratic Republic of the Congo")
    assert transfers_match(gold, predicted)


def test_a_formation_introduced_with_its_acronym_is_a_side_under_both_names() -> None:
    text = (
        "Rebels free seven soldiers\n\n"
        "The Movement for the Liberation of Zamunda (MLZ) freed seven Senegalese soldiers on "
        "Monday, officials said. The MLZ has fought the army since 1990."
    )
    assert named_groups(text)["mlz"] == "Movement for the Liberation of Zamunda"
    assert ("Movement for the Liberation of Zamunda", "Senegal", "prisoners_of_war", 7) in flows(
        text
    )


def test_a_states_own_army_introduced_with_its_acronym_is_no_armed_group() -> None:
    text = "Both the Sudanese Armed Forces (SAF) and the police freed 12 men on Monday."
    assert named_groups(text) == {}


def test_rebels_described_by_their_region_are_the_armed_group_the_article_names() -> None:
    text = (
        "Separatist rebels from Zamunda's southern region have freed seven Senegalese soldiers "
        "they captured in January, the army said. The Movement of Forces of Zamunda, MFZ, has "
        "fought for independence since 1982."
    )
    assert ("Movement of Forces of Zamunda", "Senegal", "prisoners_of_war", 7) in flows(text)


def test_a_named_person_said_to_have_been_taken_hostage_is_a_hostage() -> None:
    text = (
        "Papuan rebels have freed New Zealand pilot Phillip Mehrtens, 19 months after taking "
        "him hostage, officials said. The West Papua National Liberation Army (TPNPB) seized "
        "him in February last year."
    )
    assert ("West Papua National Liberation Army", "New Zealand", "hostages", None) in flows(text)


def test_a_name_the_article_introduces_with_its_acronym_scores_as_one_side() -> None:
    text = "The Movement of Democratic Forces of Casamance, MFDC, freed seven soldiers."
    gold = {"from": "MFDC", "to": "Senegal", "category": "prisoners_of_war", "count": 7}
    predicted = dict(gold, **{"from": "Movement of Democratic Forces of Casamance"})
    assert not transfers_match(gold, predicted)
    assert transfers_match(gold, predicted, declared_acronyms(text))


def test_a_proper_name_ending_in_front_or_movement_is_a_group_of_its_own() -> None:
    text = "The Ogaden National Liberation Front freed five Ethiopian soldiers on Monday."
    assert flows(text) == {("Ogaden National Liberation Front", "Ethiopia", "prisoners_of_war", 5)}


def test_a_group_named_after_a_state_is_not_that_state() -> None:
    text = "The Sudan People's Liberation Movement-North freed 20 Sudanese soldiers on Monday."
    assert ("Sudan People's Liberation Movement-North", "Sudan") in {
        (f, t) for f, t, _, _ in flows(text)
    }


def test_a_states_own_army_is_no_group() -> None:
    assert named_groups("The Ethiopian Army said the Somali Army freed five men.") == {}


def test_a_breakaway_regions_rebels_are_its_side_and_its_soldiers_in_the_army_are_not() -> None:
    rebels = (
        "Fighters free eight conscripts in the mountains\n\n"
        "Chechen rebels let go eight Russian soldiers on Saturday near a mountain village, "
        "a news agency reported. The soldiers had been held since a clash in the spring."
    )
    assert ("Chechnya", "Russia", "prisoners_of_war", 8) in flows(rebels)
    army = (
        "Russia and Ukraine swap prisoners\n\n"
        "Russia and Ukraine exchanged 150 prisoners of war each on Monday. A regional leader "
        "said 20 Chechen soldiers were among those who came home to Russia."
    )
    assert not any("Chechnya" in (a, b) for a, b, _, _ in flows(army))
