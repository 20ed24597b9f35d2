"""Phrasings met in tuning batches 228 onward, each pinned on sentences written for these
tests (the fixture articles themselves are not quoted)."""

from __future__ import annotations

import datetime as dt

from summarizer.extract.digest import extract
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


def test_a_side_that_won_the_release_of_soldiers_received_them() -> None:
    text = "Along with the pilot, Ukraine won the release of 41 soldiers, a newspaper reported."
    assert ("Russia", "Ukraine", "prisoners_of_war", 41) in flows_of(text, DAY)


def test_a_state_body_named_by_its_demonym_is_the_subject() -> None:
    text = (
        "Two aid workers were held by JNIM in Mali for a year. The minister said the Nigerien "
        "authorities secured the freedom of the two hostages on Monday."
    )
    assert any(b == "Niger" and n == 2 for _, b, _, n in flows_of(text, DAY))


def test_people_extradited_to_a_side_were_handed_over_to_it() -> None:
    text = "Last year 140 people were extradited to Ukraine, officials said."
    assert ("Russia", "Ukraine", "mixed", 140) in flows_of(text, DAY)


def test_the_bodies_of_named_servicemen_are_remains() -> None:
    text = (
        "Bodies of Azerbaijani servicemen Rauf Aliyev and Kamran Huseynov handed back.\n\n"
        "It should be noted that Armenian citizen Levon Sargsyan's body was also repatriated "
        "to the other side."
    )
    found = flows_of(text, DAY)
    assert ("Armenia", "Azerbaijan", "remains", None) in found
    assert ("Azerbaijan", "Armenia", "remains", None) in found


def test_an_impersonal_it_is_no_source() -> None:
    from summarizer.extract.attribution import source_phrases

    assert source_phrases("It should be noted that 12 bodies were returned.") == []
    assert source_phrases("It was reported that 12 bodies were returned.") == []


def test_a_read_also_teaser_is_page_clutter() -> None:
    from summarizer.articles import clean_text

    text = "Militants freed 4 hostages.\n\nALSO READ: 30 girls freed by militants, says governor"
    assert "30 girls" not in clean_text(text)


def test_captives_freed_by_a_hostage_taking_group_are_hostages() -> None:
    from summarizer.extract.mentions import Mention
    from summarizer.extract.parties import ArticleSides
    from summarizer.extract.readings import captive_kind

    # the group is named less often than the two states whose people it held
    sides = ArticleSides({"Philippines": 5, "Indonesia": 3, "Abu Sayyaf": 1}, frozenset())
    captives = Mention(0, 10, 3, "captives", "people", "exact", None, False, "3 captives")
    assert captive_kind(captives, sides, "Philippines", "Abu Sayyaf") == "hostages"


def test_two_other_exchanges_count_swaps_not_people() -> None:
    text = (
        "Twelve soldiers came home on Saturday, Ukraine said. Kyiv and Moscow have carried "
        "out two other exchanges of soldiers and civilians since the conflict began."
    )
    assert all(n != 2 for *_, n in flows_of(text, DAY))


def test_a_dateline_before_the_speaker_is_not_part_of_its_name() -> None:
    from summarizer.extract.attribution import source_phrases

    said = "KYIV, Ukraine (AFP) — Ukraine said on Saturday that 12 soldiers were freed."
    assert source_phrases(said) == ["Ukraine"]


def test_of_its_soldiers_said_by_a_side_are_that_sides_people() -> None:
    text = (
        "Ukraine said on Saturday that 9 of its soldiers were on their way home after a "
        "prisoner exchange with Russia."
    )
    assert ("Russia", "Ukraine", "prisoners_of_war", 9) in flows_of(text, DAY)


def test_a_group_named_after_a_demonym_is_whose_people_they_are() -> None:
    text = "Pakistani officials said they were freeing nine Afghan Taliban prisoners on Friday."
    assert ("Pakistan", "Taliban", "detainees", 9) in flows_of(text, DAY)


def test_exchanging_prisoners_for_a_hostage_counts_one_side_of_the_trade() -> None:
    text = (
        "Afghan officials said they had started exchanging 8 Taliban prisoners for the "
        "release of Sima Rahimi, a member of the Afghan Parliament whom the Taliban kidnapped."
    )
    found = flows_of(text, DAY)
    assert ("Afghanistan", "Taliban", "detainees", 8) in found


def test_a_named_person_who_was_kidnapped_is_a_hostage() -> None:
    text = "The Taliban freed Sima Rahimi, an Afghan lawmaker who was kidnapped in May."
    assert ("Taliban", "Afghanistan", "hostages", None) in flows_of(text, DAY)


def test_the_donbas_republics_are_sides_of_their_own() -> None:
    text = (
        "In the first stage, the Ukrainian authorities handed over 40 prisoners to the "
        "self-proclaimed Luhansk People's Republic (LPR), which freed 11 Ukrainian soldiers."
    )
    found = flows_of(text, DAY)
    assert ("Luhansk People's Republic", "Ukraine", "prisoners_of_war", 11) in found
    assert ("Ukraine", "Luhansk People's Republic", "detainees", 40) in found


def test_winning_freedom_for_prisoners_receives_them() -> None:
    assert ("Russia", "Ukraine", "prisoners_of_war", 38) in flows_of(
        "Ukraine wins freedom for 38 prisoners in newest exchange with Russia", DAY
    )


def test_soldiers_taken_prisoner_in_an_offensive_are_not_handed_over() -> None:
    text = (
        "The swap comes after Ukraine's incursion into the Kursk region, in which Ukrainian "
        "troops took at least 300 Russian soldiers prisoner."
    )
    assert all(n != 300 for *_, n in flows_of(text, DAY))


def test_whoever_held_the_captives_gave_them_up() -> None:
    text = (
        "Italy's prime minister landed in Benghazi, eastern Libya, at the same time as the "
        "release of 12 Italian fishermen whom Haftar's forces had held for three months."
    )
    found = flows_of(text, DAY)
    assert any(a == "Libyan National Army" and b == "Italy" and n == 12 for a, b, _, n in found)


def test_of_its_names_the_speaker_or_else_the_side_named_before_the_count() -> None:
    text = (
        "Al-Shabaab freed 6 aid workers in exchange for 3 of its commanders, Somali officials said."
    )
    assert ("Somalia", "al-Shabaab", "detainees", 3) in flows_of(text, DAY)


def test_a_verb_after_a_unit_number_ends_the_noun_phrase() -> None:
    from summarizer.extract.mentions import captive_mentions

    text = "The rebels' Guerrilla Front 16 handed Police Officer Juan Reyes to the mayor."
    assert [m.count for m in captive_mentions(text)] == []


def test_the_new_peoples_army_is_a_side_of_its_own() -> None:
    text = "The New People's Army (NPA) released three soldiers it had been holding in Samar."
    found = flows_of(text, DAY)
    assert any(a == "New People's Army" and b == "Philippines" and n == 3 for a, b, _, n in found)


def test_the_first_of_a_larger_number_makes_it_the_whole() -> None:
    text = "FIRST OF 5,000 PRISONERS OF WAR GO HOME FROM INDIA TO PAKISTAN"
    assert all(n != 5000 for *_, n in flows_of(text, DAY))


def test_a_quoted_count_from_each_side_goes_both_ways() -> None:
    text = (
        'After the meeting the ombudsman said they had agreed to swap "more than 30 '
        'prisoners" from each side, Russia and Ukraine.'
    )
    found = {(a, b, n) for a, b, _, n in flows_of(text, DAY)}
    assert {("Russia", "Ukraine", 30), ("Ukraine", "Russia", 30)} <= found


def test_bodies_back_in_a_country_were_received_by_it() -> None:
    text = "Russia and Ukraine swapped the dead. The bodies of 99 defenders are back in Ukraine."
    assert ("Russia", "Ukraine", "remains", 99) in flows_of(text, DAY)


def test_bodies_brought_back_to_their_homeland_said_by_a_side_went_to_it() -> None:
    text = (
        "Russia handed over the dead on Friday. The exchange brought the bodies of 70 "
        "servicemen back to their homeland, the Ukrainian Coordination Headquarters said."
    )
    assert ("Russia", "Ukraine", "remains", 70) in flows_of(text, DAY)


def test_syrias_generic_opponents_are_the_syrian_opposition() -> None:
    text = (
        "The Syrian government and rebels exchanged prisoners near Hama on Tuesday, a "
        "monitor said. The government freed 20 women and children held in its jails, and "
        "the rebels released 8 soldiers, the opposition said."
    )
    found = flows_of(text, DAY)
    assert any(a == "Syria" and b == "Syrian Opposition" and n == 20 for a, b, _, n in found)


def test_what_an_agreement_requires_is_a_term_not_a_handover() -> None:
    text = (
        "The agreement requires the Afghan government to release 3,000 Taliban prisoners in "
        "exchange for 700 security forces held in Taliban custody."
    )
    assert all(n != 3000 for *_, n in flows_of(text, DAY))


def test_a_span_opening_the_sentence_makes_every_clause_a_running_total() -> None:
    text = (
        "Up to now the government has released 1,900 Taliban detainees, while the Taliban "
        "has freed over 310 prisoners."
    )
    assert all(n not in (1900, 310) for *_, n in flows_of(text, DAY))


def test_a_headline_saying_a_side_is_to_free_people_is_not_done_yet() -> None:
    found = extract("Pakistan to free 240 Indian prisoners within days", DAY)
    assert [e.status for e in found.events] == ["announced"]


def test_people_a_region_is_home_to_are_no_handover() -> None:
    text = (
        "Russia handed 11 Ukrainians to Hungary. The men handed over are prisoners of war "
        "from Transcarpathia, a region of western Ukraine on the Hungarian border that is "
        "home to some 90,000 ethnic Hungarians, the statement said."
    )
    assert all(n != 90000 for *_, n in flows_of(text, DAY))


def test_the_revolutionary_united_front_holds_hostages() -> None:
    text = "In Freetown the Revolutionary United Front (RUF) gave up 12 U.N. peacekeepers."
    assert ("Revolutionary United Front", "United Nations", "hostages", 12) in flows_of(text, DAY)


def test_a_side_that_refused_to_free_prisoners_handed_nobody_over() -> None:
    text = (
        "As it had said it would, the Bosnian government yesterday refused to free more than "
        "150 Serb prisoners of war at the check-points."
    )
    assert all(n != 150 for *_, n in flows_of(text, DAY))


def test_civilians_held_on_charges_are_detainees() -> None:
    text = (
        "On 30 June the Peruvian authorities released 3 Ecuadorian prisoners of war and 4 "
        "civilians held on espionage grounds."
    )
    assert ("Peru", "Ecuador", "detainees", 4) in flows_of(text, DAY)


def test_both_ways_of_one_sentences_swap_are_between_the_same_two_sides() -> None:
    from summarizer.extract.mentions import Mention
    from summarizer.extract.readings import Reading
    from summarizer.extract.siblings import one_counterpart

    sentence = (
        "The Ukrainian authorities handed over 41 prisoners and received 12 Ukrainian "
        "hostages held by the self-proclaimed Luhansk People's Republic."
    )

    def reading(count: int, giver: str, receiver: str) -> Reading:
        mention = Mention(0, 1, count, "prisoners", "detainees", "exact", None, False, "")
        return Reading(0, sentence, mention, giver, receiver, "detainees", "completed",
                       "handed_over", [], None)  # fmt: skip

    given = reading(41, "Ukraine", "Donetsk People's Republic")  # the default counterpart
    received = reading(12, "Luhansk People's Republic", "Ukraine")
    one_counterpart(sentence, [given, received])
    assert given.receiver == "Luhansk People's Republic"


def test_pro_russia_rebels_are_not_russia_and_set_free_splits_round_its_object() -> None:
    from summarizer.extract.parties import article_sides

    text = (
        "Ukrainian authorities and pro-Russia rebels of the self-proclaimed Donetsk People's "
        "Republic traded prisoners. Ukraine gave up 60 prisoners and the rebels set 45 "
        "people free, pro-Russian and Russian-backed groups said."
    )
    assert "Russia" not in article_sides(text).counts
    assert any(a == "Donetsk People's Republic" and n == 45 for a, _, _, n in flows_of(text, DAY))


def test_a_named_kind_in_the_body_beats_a_headlines_bare_prisoners() -> None:
    text = (
        "Moscow frees 8 Ukrainian prisoners\n\n"
        "Eight Ukrainian civilians who had been held prisoner in Russia have been freed under "
        "an agreement brokered by the Vatican."
    )
    assert ("Russia", "Ukraine", "civilians", 8) in flows_of(text, DAY)
