"""Common shapes of handover sentences, written for these tests, that the extractor once
missed although no article was needed to see them: other nouns for people, a return
group described after "in return for", how long captives were held, "X exchanged for Y"."""

from __future__ import annotations

import datetime as dt

from summarizer.extract.digest import extract

MONDAY = dt.date(2024, 5, 13)


def flows(text: str) -> set[tuple[str, str, int | None]]:
    found = extract(text, MONDAY)
    return {(t.from_, t.to, t.count) for e in found.events for t in e.transfers}


def test_people_named_by_their_occupation_are_counted_captives() -> None:
    text = "Iran released four French academics on Friday, the French foreign ministry said."
    assert ("Iran", "France", 4) in flows(text)


def test_an_armed_groups_commanders_freed_by_a_state_are_detainees() -> None:
    text = "The government of Afghanistan freed 11 Taliban commanders on Sunday, a spokesman said."
    found = extract(text, MONDAY)
    kinds = {(t.from_, t.to, t.category, t.count) for e in found.events for t in e.transfers}
    assert kinds == {("Afghanistan", "Taliban", "detainees", 11)}


def test_who_holds_the_return_group_does_not_turn_the_first_group_around() -> None:
    text = (
        "Taliban free two Western teachers\n\n"
        "The Taliban on Monday released two Western teachers it had held since 2019 in return "
        "for three senior Taliban commanders held by the Afghan government."
    )
    found = flows(text)
    assert ("Taliban", "Afghanistan", 2) in found
    assert ("Afghanistan", "Taliban", 2) not in found
    assert ("Afghanistan", "Taliban", 3) in found  # "held since 2019" is no running total


def test_how_long_captives_were_held_does_not_make_a_count_a_running_total() -> None:
    text = (
        "Rebels in Colombia have freed six soldiers they had held since 2022 in return for "
        "nine jailed ELN fighters, the ombudsman said."
    )
    found = extract(text, MONDAY)
    assert 9 in {t.count for e in found.events for t in e.transfers}
    assert all(f.kind != "cumulative_total" for f in found.figures)


def test_a_count_exchanged_for_another_went_the_other_way() -> None:
    text = (
        "Seven prisoners were exchanged for 15 Azerbaijani soldiers on Tuesday, Armenia's "
        "government said."
    )
    assert flows(text) == {("Armenia", "Azerbaijan", 15), ("Azerbaijan", "Armenia", 7)}


def test_a_verb_joined_by_and_shares_the_subject_of_the_verb_before_it() -> None:
    text = (
        "Ukraine received the bodies of 500 fallen soldiers from Russia on Friday and handed "
        "over 45 bodies to the Russian side, the coordination headquarters said."
    )
    assert flows(text) == {("Russia", "Ukraine", 500), ("Ukraine", "Russia", 45)}


def test_the_demonym_side_is_the_state_acting() -> None:
    text = "The Ukrainian side handed over 45 bodies to the Russian side on Friday."
    assert flows(text) == {("Ukraine", "Russia", 45)}


def test_a_place_where_talks_were_held_is_not_the_side_that_swaps() -> None:
    text = (
        "Armenia and Azerbaijan held talks in Turkey on Monday and agreed to exchange 30 "
        "prisoners each, officials said."
    )
    assert all("Turkey" not in (giver, receiver) for giver, receiver, _ in flows(text))


def test_breakaway_regions_are_sides_of_their_own() -> None:
    text = (
        "The Georgian authorities freed three South Ossetian prisoners on Friday, and the "
        "Abkhaz side handed five Georgian detainees over to Tbilisi."
    )
    found = flows(text)
    assert ("Georgia", "South Ossetia", 3) in found
    assert ("Abkhazia", "Georgia", 5) in found


def test_a_side_no_table_lists_is_read_from_how_it_acts() -> None:
    text = (
        "Zamunda and Wakanda swap prisoners\n\n"
        "On Wednesday, Zamunda let go 15 Wakanda prisoners taken in battle last year. In "
        "return, Wakanda freed 11 Zamunda detainees it held in its capital."
    )
    assert flows(text) == {("Zamunda", "Wakanda", 15), ("Wakanda", "Zamunda", 11)}


def test_a_swap_with_a_side_described_not_named_is_told_by_its_total() -> None:
    text = (
        "The Malian authorities and a rebel coalition in the north swapped 24 prisoners on "
        "Sunday, a mediator said."
    )
    found = extract(text, MONDAY)
    assert all(t.count != 24 for e in found.events for t in e.transfers)
    assert ("other", 24) in {(f.kind, f.value) for f in found.figures}


def test_a_second_clause_with_its_own_subject_is_a_second_handover() -> None:
    text = (
        "Azerbaijan on Tuesday repatriated 5 Armenian soldiers, and Armenia returned 2 "
        "Azerbaijani servicemen."
    )
    assert flows(text) == {("Azerbaijan", "Armenia", 5), ("Armenia", "Azerbaijan", 2)}


def test_the_group_given_in_exchange_went_to_the_side_that_released_the_first() -> None:
    text = (
        "Boko Haram has released 82 Chibok schoolgirls in exchange for five of its "
        "commanders, the Nigerian presidency said."
    )
    found = extract(text, MONDAY)
    kinds = {(t.from_, t.to, t.category, t.count) for e in found.events for t in e.transfers}
    assert ("Boko Haram", "Nigeria", "hostages", 82) in kinds
    assert ("Nigeria", "Boko Haram", "detainees", 5) in kinds


def test_what_holds_one_group_says_nothing_of_the_group_across_in_exchange_for() -> None:
    text = (
        "Eleven Lebanese soldiers held by the Nusra Front were freed on Tuesday in exchange "
        "for 13 Islamist prisoners held in Lebanese jails."
    )
    assert ("Lebanon", "Hayat Tahrir al-Sham", 13) in flows(text)


def test_a_group_named_first_after_in_return_for_went_the_other_way() -> None:
    text = (
        "In return for the bodies of two soldiers, Israel handed back five prisoners to "
        "Hezbollah on Wednesday."
    )
    assert flows(text) == {("Israel", "Hezbollah", 5), ("Hezbollah", "Israel", 2)}


def test_who_freed_them_outranks_the_country_they_came_through() -> None:
    text = (
        "Twelve Ukrainian soldiers crossed into Ukraine from Belarus on Friday after being "
        "freed by Russia, Kyiv said."
    )
    assert flows(text) == {("Russia", "Ukraine", 12)}


def test_a_count_after_while_is_no_part_of_the_list_before_it() -> None:
    text = (
        "Yemen swap\n\n"
        "On Friday, the Houthis are due to receive 200 of their prisoners, while 251 from the "
        "government side are to be released in exchange."
    )
    assert flows(text) == {("Yemen", "Houthis", 200), ("Houthis", "Yemen", 251)}


def test_the_government_in_a_war_with_one_armed_group_is_its_home_state() -> None:
    text = (
        "The Houthis will release 700 detainees and the government will free 900, under a "
        "deal agreed in Muscat, the UN envoy said."
    )
    assert flows(text) == {("Houthis", "Yemen", 700), ("Yemen", "Houthis", 900)}


def test_a_captive_flown_home_ends_the_first_clause_of_a_swap() -> None:
    text = (
        "The Israeli woman was flown home on Friday, and Israel released two Syrian "
        "shepherds in return, Russia said."
    )
    assert ("Israel", "Syria", 2) in flows(text)


def test_a_count_opening_the_sentence_is_not_the_name_of_a_group() -> None:
    text = "Twenty-one Houthi fighters were swapped for nine government soldiers in Taiz."
    assert flows(text) == {("Yemen", "Houthis", 21), ("Houthis", "Yemen", 9)}


def kinds(text: str) -> set[tuple[str, str, str, int | None]]:
    found = extract(text, MONDAY)
    return {(t.from_, t.to, t.category, t.count) for e in found.events for t in e.transfers}


def test_one_unnamed_person_right_after_the_release_verb_is_a_handover() -> None:
    text = (
        "Iran let go a French tourist on Friday in exchange for an Iranian engineer held in "
        "France, officials in Paris said."
    )
    assert flows(text) == {("Iran", "France", None), ("France", "Iran", None)}


def test_one_unnamed_person_who_was_freed_is_a_handover() -> None:
    text = "A Danish aid worker held by Iran for 14 months was freed on Friday."
    assert flows(text) == {("Iran", "Denmark", None)}


def test_both_nationalities_of_a_hyphenated_person_are_read() -> None:
    text = (
        "US and Iran swap\n\n"
        "Tehran let go a Chinese-American researcher on Thursday, hours after an Iranian "
        "scientist had been sent back home by the United States."
    )
    assert ("Iran", "United States", None) in flows(text)


def test_the_body_of_one_person_is_remains() -> None:
    assert kinds("The body of an Israeli soldier was returned by Hamas on Monday.") == {
        ("Hamas", "Israel", "remains", None)
    }
    text = "Hamas handed over the remains of hostage Shiri Bibas to the Red Cross on Friday."
    assert kinds(text) == {("Hamas", "Israel", "remains", None)}


def test_a_person_called_a_hostage_is_a_hostage() -> None:
    text = (
        "The Taliban freed an American hostage, Mark Frerichs, on Monday in exchange for an "
        "Afghan prisoner held in the United States."
    )
    assert ("Taliban", "United States", "hostages", None) in kinds(text)


def test_a_to_before_another_verb_belongs_to_that_verb() -> None:
    text = (
        "The Coordination Headquarters said 1,000 bodies had been repatriated to Ukraine, and "
        "Russia received 19."
    )
    assert flows(text) == {("Russia", "Ukraine", 1000), ("Ukraine", "Russia", 19)}


def test_a_side_named_after_a_preposition_is_not_the_subject() -> None:
    text = (
        "The rebel SPLA-IO, loyal to South Sudan's former vice president, said on Monday it had "
        "freed 15 government soldiers to the Red Cross."
    )
    assert flows(text) == {("SPLA-IO", "South Sudan", 15)}


def test_crowds_named_near_a_handover_are_not_captives() -> None:
    text = (
        "Israel freed 90 Palestinian prisoners on Monday. About 2,000 refugees returned to "
        "northern Gaza the same day. Some 20 players from the national team visited the "
        "returned men in hospital."
    )
    assert {n for *_, n in flows(text)} == {90}


def test_a_one_sided_release_in_a_pair_that_does_not_fight_invents_no_receiver() -> None:
    text = "Belarus pardoned and released 18 political prisoners on Wednesday, officials said."
    assert all(receiver != "Poland" for _, receiver, _ in flows(text))


def test_trade_between_countries_and_staff_returning_to_work_are_no_handovers() -> None:
    text = (
        "Armenia and Azerbaijan swapped prisoners last month. Trade between Armenia and "
        "Lithuania grew by 12 percent, and 300 Lithuanian tourists visited Armenia. Some 40 "
        "employees of the company will return to the country next month, a spokesman said."
    )
    assert {n for *_, n in flows(text)} <= {None}


def test_counts_exchanged_by_each_side_went_both_ways() -> None:
    text = "On Friday, 270 soldiers and 120 civilians were exchanged by each side, Kyiv said."
    assert flows(text) == {
        ("Russia", "Ukraine", 270),
        ("Ukraine", "Russia", 270),
        ("Russia", "Ukraine", 120),
        ("Ukraine", "Russia", 120),
    }


def test_words_that_start_like_a_month_still_count_people() -> None:
    text = (
        "The Arakan Army handed over 12 junta soldiers to the Red Cross on Monday in exchange "
        "for 20 of its fighters held in Sittwe prison."
    )
    found = kinds(text)
    assert ("Arakan Army", "Myanmar", "prisoners_of_war", 12) in found
    assert ("Myanmar", "Arakan Army", "prisoners_of_war", 20) in found
    assert {n for *_, n in flows("Russia freed 12 marines on 3 June, Kyiv said.")} == {12}


def test_the_year_after_an_ordinal_exchange_belongs_to_the_exchange() -> None:
    text = (
        "Russia and Ukraine each returned 84 prisoners of war on Friday, the eighth exchange "
        "this year, with the UAE acting as mediator."
    )
    assert flows(text) == {("Russia", "Ukraine", 84), ("Ukraine", "Russia", 84)}


def test_both_sides_that_will_exchange_a_number_state_the_swaps_total() -> None:
    text = "Russia and Ukraine will exchange 1,200 prisoners in the coming days, Kyiv said."
    found = extract(text, MONDAY)
    assert all(t.count != 1200 for e in found.events for t in e.transfers)
    assert ("other", 1200) in {(f.kind, f.value) for f in found.figures}


def test_soldiers_and_rebels_with_no_side_named_go_home_in_a_war_with_one_group() -> None:
    text = (
        "Yemen's government and the Houthis swapped 20 prisoners on Monday.\n\n"
        '"Ten soldiers and ten rebels in all were freed," the committee head said.'
    )
    found = flows(text)
    assert ("Houthis", "Yemen", 10) in found
    assert ("Yemen", "Houthis", 10) in found


def test_soldiers_held_hostage_are_hostages() -> None:
    text = "Four Saudi soldiers held hostage by the Houthis were freed on Monday, officials said."
    assert kinds(text) == {("Houthis", "Saudi Arabia", "hostages", 4)}


def test_another_count_with_no_noun_counts_what_the_count_before_it_counted() -> None:
    text = (
        "Ukraine received 84 prisoners of war on Thursday and another 150 on Friday, "
        "officials in Kyiv said."
    )
    assert ("Russia", "Ukraine", 150) in flows(text)


def test_a_count_followed_by_more_counts_the_same_kind() -> None:
    text = "Ukraine received 84 prisoners of war on Thursday and 150 more on Friday."
    assert ("Russia", "Ukraine", 150) in flows(text)


def test_another_count_opening_a_sentence_counts_what_the_last_sentence_counted() -> None:
    text = (
        "Russia returned 84 Ukrainian prisoners of war on Thursday. Another 150 came home on "
        "Friday, Kyiv said."
    )
    assert ("Russia", "Ukraine", 150) in flows(text)


def test_charges_dropped_against_more_people_is_no_handover() -> None:
    text = (
        "In exchange for four Americans held in Iran being released, the US granted clemency "
        "to seven Iranians and dropped the charges against 14 more."
    )
    assert 14 not in {count for _, _, count in flows(text)}


def test_a_demonym_standing_for_a_named_person_says_where_they_went() -> None:
    text = (
        "The Taliban released an American, Mark Frerichs, in exchange for Bashir Noorzai, "
        "a drug lord jailed in the United States."
    )
    found = flows(text)
    assert ("Taliban", "United States", None) in found
    assert ("United States", "Taliban", None) in found


def test_the_remains_of_one_unnamed_captive_handed_over_are_remains() -> None:
    text = "Hamas has handed the remains of another Israeli captive to the Red Cross in Gaza."
    found = extract(text, MONDAY)
    kinds = {(t.from_, t.to, t.category, t.count) for e in found.events for t in e.transfers}
    assert kinds == {("Hamas", "Israel", "remains", None)}


def test_two_counts_sharing_one_noun_each_keep_their_own_nationality() -> None:
    text = "The exchange saw 103 Ukrainian and 103 Russian prisoners of war return home."
    found = flows(text)
    assert ("Russia", "Ukraine", 103) in found
    assert ("Ukraine", "Russia", 103) in found


def test_respectively_pairs_two_subjects_with_two_counts_in_order() -> None:
    text = (
        "Armenia and Azerbaijan handed over 5 and 2 servicemen, respectively, officials said."
    )
    assert flows(text) == {("Armenia", "Azerbaijan", 5), ("Azerbaijan", "Armenia", 2)}


def test_a_range_of_two_numbers_is_not_two_groups() -> None:
    text = "Between 150 and 200 prisoners were freed by Russia on Friday, Kyiv said."
    assert 150 not in {count for _, _, count in flows(text)}


def test_foreign_nationals_freed_by_a_state_not_at_war_with_theirs_are_detainees() -> None:
    text = (
        "Iran freed two French nationals, Cecile Kohler and Jacques Paris, on Tuesday after "
        "more than three years in jail."
    )
    assert kinds(text) == {("Iran", "France", "detainees", 2)}


def test_citizens_returned_between_states_at_war_stay_civilians() -> None:
    text = "Sixty citizens have been returned to Ukraine from Russia, the ombudsman said."
    assert kinds(text) == {("Russia", "Ukraine", "civilians", 60)}
