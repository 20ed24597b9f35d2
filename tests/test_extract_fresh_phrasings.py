"""Phrasings first met in articles no rule had been fitted to (the rotated validation set
and fresh tuning batches), each pinned on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from summarizer.extract.digest import extract
from summarizer.extract.mentions import captive_mentions
from summarizer.text import sentences

FRIDAY = dt.date(2025, 5, 23)


def flows(text: str, published: dt.date = FRIDAY) -> set[tuple[str, str, str, int | None]]:
    found = extract(text, published)
    return {(t.from_, t.to, t.category, t.count) for e in found.events for t in e.transfers}


def test_the_same_count_recalled_from_an_earlier_year_is_another_handover() -> None:
    text = (
        "The bodies of 640 soldiers have been repatriated to Ukraine, the Coordination "
        "Headquarters said.\n\n"
        "As reported earlier, the bodies of 640 soldiers were also returned to Ukraine at the "
        "end of March 2024."
    )
    found = extract(text, FRIDAY)
    counts = [t.count for e in found.events for t in e.transfers]
    assert counts == [640, 640]


def test_both_sides_releasing_a_number_together_is_the_swaps_total() -> None:
    text = "Russia and Ukraine release 300 captive troops in New Year prisoner swop"
    assert all(n != 300 for *_, n in flows(text))
    assert ("other", 300) in {(f.kind, f.value) for f in extract(text, FRIDAY).figures}


def test_a_second_armed_group_named_as_the_giver_keeps_its_hostages() -> None:
    text = (
        "Colombian guerrillas free three police hostages.\n\n"
        "The FARC freed the three officers on Friday, the ICRC said. The ICRC said that a "
        "smaller rebel group, the ELN, had separately freed four employees of an oil company."
    )
    assert ("ELN", "Colombia", "hostages", 4) in flows(text)


def test_captives_unaccounted_for_are_still_held_not_a_handover() -> None:
    text = (
        "Boko Haram freed 12 schoolgirls on Friday, officials said. Some 90 captives are "
        "unaccounted for, the officials said."
    )
    found = extract(text, FRIDAY)
    assert ("still_held", 90) in {(f.kind, f.value) for f in found.figures}
    assert all(t.count != 90 for e in found.events for t in e.transfers)


def test_initials_inside_a_sentence_do_not_end_it() -> None:
    text = "A Russian held in a U.S. prison will go home. He was tried in the U.S. The court met."
    assert sentences(text) == [
        "A Russian held in a U.S. prison will go home.",
        "He was tried in the U.S.",
        "The court met.",
    ]


def test_an_unnamed_citizen_goes_home_and_told_twice_is_one_flow() -> None:
    text = (
        "Moscow said a Russian citizen held in a U.S. prison will be returned to Russia "
        "after US citizen Paul Harlan was freed on Tuesday.\n\n"
        '"A Russian citizen jailed in the United States will be returned to Russia in the '
        'coming days," the Kremlin said.'
    )
    found = extract(text, FRIDAY)
    way = ("United States", "Russia")
    back = [t for e in found.events for t in e.transfers if (t.from_, t.to) == way]
    assert len(back) == 1 and back[0].count is None


def test_a_state_named_as_the_agent_of_mediation_is_no_side() -> None:
    text = (
        "In October, the United Nations obtained the release of 12 UN staff in Sanaa "
        "through mediation facilitated by Iran and Oman."
    )
    found = extract(text, FRIDAY)
    assert found.events and all("Iran" in e.mediators for e in found.events)
    assert all("Iran" not in (t.from_, t.to) for e in found.events for t in e.transfers)


def test_a_captive_noun_phrase_ends_at_a_preposition() -> None:
    sentence = "Israel frees 30 Palestinian women and children under hostage-for-prisoner deal"
    assert [m.category for m in captive_mentions(sentence)] != ["hostages"]


def test_a_group_handed_over_with_no_number_on_a_stated_day_is_a_flow_without_a_count() -> None:
    text = (
        "On 9 June, Ukraine brought home from Russian captivity a group of defenders with "
        "severe injuries.\n\n"
        "On 10 June, another group of freed servicemen came home to Ukraine from Russian "
        "captivity."
    )
    found = extract(text, dt.date(2025, 6, 12))
    stages = [(e.date, t.from_, t.to, t.count) for e in found.events for t in e.transfers]
    assert stages == [
        (dt.date(2025, 6, 9), "Russia", "Ukraine", None),
        (dt.date(2025, 6, 10), "Russia", "Ukraine", None),
    ]


def test_prisoners_in_general_with_no_day_are_no_flow() -> None:
    text = "A group of prisoners of war is held in a camp near the border, Kyiv said."
    assert flows(text) == set()


def test_an_n_for_n_basis_counts_each_way() -> None:
    text = (
        "At the talks on 2 June, Ukraine and Russia agreed to exchange the bodies of fallen "
        "soldiers on a 4,000-for-4,000 basis."
    )
    assert flows(text, dt.date(2025, 6, 12)) == {
        ("Ukraine", "Russia", "remains", 4000),
        ("Russia", "Ukraine", "remains", 4000),
    }


def test_hundreds_freed_with_no_number_is_a_flow_with_a_null_count() -> None:
    text = "The Afghan government freed hundreds of Taliban prisoners on Tuesday, officials said."
    found = extract(text, FRIDAY)
    assert [(t.from_, t.to, t.count, t.qualifier) for e in found.events for t in e.transfers] == [
        ("Afghanistan", "Taliban", None, "about")
    ]


def test_a_bare_count_that_names_no_side_and_no_coming_home_is_not_given_the_way_before() -> None:
    # measured on the later blind tuning batches and on validation, the way of the last
    # handover was wrong more often than right for such sentences: they stay open
    text = (
        "Yemen's Houthi movement has set free hundreds of detainees in Sanaa, the Red Cross "
        "said. The Red Cross registered 290 detainees, while the movement said 350 had been "
        "released in all."
    )
    assert {(a, b, n) for a, b, _, n in flows(text)} == {("Houthis", "Yemen", None)}


def test_a_bare_count_that_came_home_goes_the_way_of_the_handover_before() -> None:
    text = (
        "Russia handed 90 Ukrainian soldiers back to Ukraine on Friday, the ombudsman said. "
        "Four border guards also returned home."
    )
    assert ("Russia", "Ukraine", "prisoners_of_war", 4) in flows(text)


def test_groups_listed_under_one_verb_go_the_way_and_kind_of_the_first() -> None:
    text = (
        "Ukraine repatriated the bodies of 14 Ukrainian defenders from the Luhansk axis, "
        "95 fallen soldiers from the Donetsk axis and three soldiers from the Zaporizhzhia "
        "axis, the Coordination Staff said on Friday."
    )
    assert flows(text) == {
        ("Russia", "Ukraine", "remains", 14),
        ("Russia", "Ukraine", "remains", 95),
        ("Russia", "Ukraine", "remains", 3),
    }


def test_a_count_of_our_people_goes_home_to_the_speaker() -> None:
    text = (
        '"We are bringing home 90 of our people - soldiers, sailors and border guards," '
        "Andriy Yermak said on Friday."
    )
    assert {(a, b, n) for a, b, _, n in flows(text)} == {("Russia", "Ukraine", 90)}


def test_a_side_named_before_a_bare_count_is_the_subject_the_verb_does_not_repeat() -> None:
    text = "Ukraine gets 800 bodies, Russia 41, in latest exchange\n\nMoscow confirmed it."
    assert flows(text) == {
        ("Russia", "Ukraine", "remains", 800),
        ("Ukraine", "Russia", "remains", 41),
    }


def test_some_of_the_hostages_with_no_larger_group_counted_is_the_handover() -> None:
    text = (
        "Israel freed 30 Palestinian prisoners on Friday, after Hamas released eight of the "
        "hostages it was holding in Gaza."
    )
    assert ("Hamas", "Israel", "hostages", 8) in flows(text)


def test_a_count_with_among_them_after_it_is_part_of_the_count_before() -> None:
    text = (
        "Israel was expected to free 600 Palestinian prisoners on Saturday, 20 children and "
        "one woman among them."
    )
    assert {n for *_, n in flows(text)} == {600}


def test_captives_who_have_not_been_released_are_no_handover() -> None:
    text = (
        "Hamas released six Israeli hostages on Saturday. A video showed two Israeli captives "
        "who have not been released watching the ceremony."
    )
    assert {n for *_, n in flows(text)} == {6}


def test_today_and_the_named_date_are_one_day_for_whole_and_parts() -> None:
    text = (
        "A new exchange took place on Thursday, August 14, bringing 70 people back to Ukraine "
        "from Russian captivity. The Coordination Headquarters said 30 soldiers and 40 "
        "Ukrainian civilians had been freed today."
    )
    found = flows(text, dt.date(2025, 8, 14))
    assert 70 in {n for *_, n in found}


def test_unnamed_people_given_in_return_go_the_other_way() -> None:
    text = (
        "Iran and Norway announced a prisoner exchange under which a former Iranian official "
        "was freed in Norway in return for a European Union diplomat and a second Norwegian."
    )
    assert {(a, b) for a, b, _, _ in flows(text)} == {("Norway", "Iran"), ("Iran", "Norway")}


def test_the_official_who_brokered_a_swap_is_no_captive() -> None:
    text = (
        "Hezbollah handed over the remains of two Israeli soldiers on Friday. The exchange was "
        "brokered by a German official appointed by the United Nations."
    )
    assert all("Germany" not in (a, b) for a, b, _, _ in flows(text))


def test_a_count_brought_up_to_date_with_has_now_is_a_running_total() -> None:
    text = "Hamas has now freed 18 Israeli captives alive and returned the remains of 25 captives."
    found = extract(text, FRIDAY)
    assert ("cumulative_total", 25) in {(f.kind, f.value) for f in found.figures}
    assert not found.events


def test_a_ratio_opening_the_sentence_is_no_count() -> None:
    text = "For each captive's body, Israel is to hand over the remains of 15 Palestinians."
    assert flows(text) == set()


def test_a_list_of_names_is_no_handover() -> None:
    text = "In Stockholm the two sides handed over a list of more than 9,000 prisoners."
    assert flows(text) == set()


def test_some_of_a_counted_group_is_the_count_handed_over() -> None:
    text = (
        "According to the government, 76 of the 101 schoolgirls taken from the college on "
        "Feb. 19 had been returned by Boko Haram on Wednesday."
    )
    assert {n for *_, n in flows(text)} == {76}


def test_ages_joined_by_and_count_nobody() -> None:
    text = (
        "Yermak said two children, aged six and 10, had been allowed back into Ukraine from "
        "Russia on Friday."
    )
    assert {n for *_, n in flows(text)} == {2}


def test_a_count_that_came_home_in_exchanges_is_a_running_total() -> None:
    text = (
        "The commissioner said more than 1,500 Russian servicemen came home from Ukrainian "
        "captivity in exchanges carried out this year."
    )
    found = extract(text, FRIDAY)
    assert ("cumulative_total", 1500) in {(f.kind, f.value) for f in found.figures}
    assert not found.events


def test_people_freed_from_a_states_prisons_are_not_hostages() -> None:
    text = (
        "Israel freed 90 Palestinian prisoners on Monday under the ceasefire with Hamas. "
        "Those freed from Israeli prisons are 60 women and 30 teenage boys, according to Hamas."
    )
    assert {(a, b) for a, b, _, _ in flows(text)} == {("Israel", "Hamas")}


def test_a_rebel_group_named_once_is_the_subject_the_article_calls_the_rebel_group() -> None:
    text = (
        "Abu Sayyaf has set free four kidnapped Malaysian sailors in the Philippines, officials "
        "said. On May 1, the rebel group freed 10 Indonesian sailors it had kidnapped in March "
        "in exchange for $1 million."
    )
    assert flows(text) == {
        ("Abu Sayyaf", "Malaysia", "hostages", 4),
        ("Abu Sayyaf", "Indonesia", "hostages", 10),
    }


def test_a_phase_of_a_deal_is_its_terms_not_a_handover() -> None:
    text = (
        "Over the first phase of the truce, Israel is expected to free about 1,700 Palestinian "
        "prisoners, while Hamas is expected to free some 30 Israeli hostages."
    )
    assert flows(text) == set()


def test_captives_a_side_is_holding_are_no_handover() -> None:
    text = (
        "Djibouti is holding 21 Eritrean POWs who were handed over to the UN refugee agency "
        "in 2014, the ambassador said."
    )
    assert flows(text) == set()


def test_a_count_over_a_year_is_a_running_total() -> None:
    for text in (
        "Ukraine got back nearly 1,400 prisoners of war in 2023, the ministry said.",
        "The spokesman said Pakistan had released some 900 Indian fishermen during the last "
        "one year.",
    ):
        found = extract(text, FRIDAY)
        assert not found.events, text
        assert [f.kind for f in found.figures] == ["cumulative_total"], text


def test_bare_counts_flown_each_way_take_the_way_their_own_words_give() -> None:
    text = (
        "Yemen and the Houthis swapped prisoners. More than 300 detainees were freed over the "
        "three days, with 60 flying from Sanaa to Aden and 240 flown from Aden to Sanaa."
    )
    found = {(a, b, n) for a, b, _, n in flows(text)}
    assert ("Houthis", "Yemen", 60) in found and ("Yemen", "Houthis", 240) in found


def test_a_count_freed_by_the_parties_is_both_ways_together() -> None:
    text = (
        "The Houthis and the Yemeni government began a swap on Friday. Close to 800 "
        "detainees are being freed by the parties in Yemen over three days."
    )
    found = extract(text, FRIDAY)
    assert all(t.count != 800 for e in found.events for t in e.transfers)
    assert ("other", 800) in {(f.kind, f.value) for f in found.figures}


def test_a_count_both_sides_released_or_set_free_in_the_exchange_is_its_total() -> None:
    for text in (
        "The deputy governor said the two sides had released 470 prisoners on Monday.",
        "KYIV - More than 200 captured soldiers have been set free in the latest prisoner "
        "exchange, Russia and Ukraine said on Saturday.",
    ):
        found = extract(text, FRIDAY)
        assert not [o for o in found.warnings if "not decided" in o], text
        assert [f.kind for f in found.figures] == ["other"], text


def test_a_side_that_repatriated_bodies_brought_its_dead_home() -> None:
    text = "On November 8, Ukraine repatriated the bodies of 480 fallen defenders."
    assert flows(text) == {("Russia", "Ukraine", "remains", 480)}


def test_counts_after_of_the_group_take_its_noun_and_their_own_destinations() -> None:
    text = (
        "Belarus said on Saturday it had freed 100 people, the US envoy said. Of the "
        "detainees, 94 were taken to Ukraine and the other six were taken to Lithuania."
    )
    found = {(a, b, n) for a, b, _, n in flows(text)}
    assert {("Belarus", "Ukraine", 94), ("Belarus", "Lithuania", 6)} <= found


def test_a_to_phrase_behind_a_second_verb_belongs_to_that_verb() -> None:
    text = (
        "Armenia and Azerbaijan swapped prisoners on Friday. Baku received one prisoner of "
        "war from Armenia and handed three over to Yerevan, the peacekeepers said."
    )
    assert ("Armenia", "Azerbaijan", "prisoners_of_war", 1) in flows(text)


def test_dotted_initials_say_whose_people_they_are() -> None:
    assert [m.home for m in captive_mentions("Houthis free 2 U.S. citizens in Yemen")] == [
        "United States"
    ]


def test_a_count_that_has_now_been_freed_is_a_running_total() -> None:
    text = "With Monday's releases, 44 Israelis have now been freed, the army said."
    found = extract(text, FRIDAY)
    assert ("cumulative_total", 44) in {(f.kind, f.value) for f in found.figures}
    assert not found.events


def test_south_sudans_armed_opposition_is_a_side() -> None:
    text = (
        "The SPLA-IO freed 12 government soldiers in South Sudan on Monday, the Red Cross said."
    )
    assert flows(text) == {("SPLA-IO", "South Sudan", "prisoners_of_war", 12)}


def test_casualty_counts_without_a_captive_noun_are_figures() -> None:
    text = (
        "Since October 2023, strikes have killed more than 60,000 people in Gaza and wounded "
        "over 150,000 others. Hamas killed 1,200 in the border area, officials said."
    )
    found = extract(text, FRIDAY)
    assert {("casualties", 150000), ("casualties", 1200)} <= {
        (f.kind, f.value) for f in found.figures
    }
    assert not found.events


def test_a_headline_with_two_subjects_joined_by_a_comma_gives_the_swaps_total() -> None:
    text = "Govt, Houthis swap 44 prisoners in Marib deal\n\nOfficials confirmed it."
    found = extract(text, FRIDAY)
    assert all(t.count != 44 for e in found.events for t in e.transfers)
    assert ("other", 44) in {(f.kind, f.value) for f in found.figures}


def test_the_whole_group_a_part_was_freed_from_is_a_figure() -> None:
    text = (
        "According to the government, 76 of the 101 schoolgirls taken from the college were "
        "returned by Boko Haram on Wednesday."
    )
    found = extract(text, FRIDAY)
    assert ("other", 101) in {(f.kind, f.value) for f in found.figures}


def test_a_count_along_with_a_running_total_is_a_running_total() -> None:
    text = (
        "With Monday's releases, 44 Israelis have now been freed, along with 15 hostages of "
        "other nationalities."
    )
    found = extract(text, FRIDAY)
    assert {("cumulative_total", 44), ("cumulative_total", 15)} <= {
        (f.kind, f.value) for f in found.figures
    }
    assert not found.events


def test_warring_sides_trading_a_number_is_the_swaps_total() -> None:
    text = "Yemen's warring sides trade 48 fighters' bodies\n\nA tribal committee confirmed it."
    found = extract(text, FRIDAY)
    assert all(t.count != 48 for e in found.events for t in e.transfers)
    assert ("other", 48) in {(f.kind, f.value) for f in found.figures}


def test_workers_a_rebel_group_frees_are_its_hostages() -> None:
    text = "Colombia's ELN freed four geologists to the Red Cross on Tuesday, the church said."
    assert flows(text) == {("ELN", "Colombia", "hostages", 4)}


def test_captives_described_as_abducted_between_commas_are_still_the_ones_freed() -> None:
    text = (
        "Four clan elders, abducted by al-Shabaab militants near the border in March, "
        "have been freed, Kenyan officials said on Friday."
    )
    found = extract(text, FRIDAY)
    assert ("al-Shabaab", "Kenya", "hostages", 4) in flows(text)
    assert all(f.value != 4 for f in found.figures)


def test_people_abducted_and_then_released_are_hostages() -> None:
    text = "Officials said the Taliban had released 17 men abducted by militants on a highway."
    assert {c for _, _, c, _ in flows(text)} == {"hostages"}


def test_hizballah_spelled_the_old_way_is_hezbollah() -> None:
    text = "In July 1996, Hizballah handed over the remains of two Israeli soldiers to Israel."
    assert ("Hezbollah", "Israel", "remains", 2) in flows(text)


def test_bodies_of_two_nationalities_are_both_remains_going_home() -> None:
    text = "The bodies of four Iranians and 60 Iraqis changed hands at the border on Friday."
    assert {("Iraq", "Iran", "remains", 4), ("Iran", "Iraq", "remains", 60)} <= flows(text)


def test_counts_listed_after_a_colon_are_parts_of_the_group_before_it() -> None:
    text = (
        "\"The Arakan Army let six people go: a police major, a sergeant, a corporal and three "
        "policemen,\" the witness said, adding that the junta in turn freed two AA soldiers."
    )
    found = extract(text, FRIDAY)
    assert sorted(t.count or 0 for e in found.events for t in e.transfers) == [2, 6]
    assert all(f.value != 3 for f in found.figures)


def test_a_release_in_a_month_of_this_year_is_one_handover_not_a_running_total() -> None:
    text = "Pakistan had also freed a batch of 57 Indian fishermen in March this year."
    assert ("Pakistan", "India", 57) in {(g, r, n) for g, r, _, n in flows(text)}


def test_a_state_that_has_decided_to_free_captives_has_announced_it() -> None:
    text = "Pakistan has decided, as a goodwill gesture, to free 140 Indian fishermen."
    assert {e.status for e in extract(text, FRIDAY).events} == {"announced"}


def test_nationalities_listed_after_a_total_and_a_colon_are_its_parts() -> None:
    text = (
        "In January 2004, Israel freed 436 prisoners in all: 400 Palestinians; 23 Lebanese; "
        "five Syrians."
    )
    found = extract(text, FRIDAY)
    assert all(f.value != 400 for f in found.figures)
    assert 400 not in {t.count for e in found.events for t in e.transfers}
