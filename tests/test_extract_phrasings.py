"""Phrasings outlets use every week that code must read the same way a careful reader does.

Every sentence here was written for these tests. Each pins one reading: which number
counts whom, whether a count is a handover or a figure, and which kind of captive it is.
"""

from __future__ import annotations

import datetime as dt

import pytest
from helpers_extract import Flow, flows_of

from summarizer.extract.attribution import source_phrases
from summarizer.extract.digest import extract
from summarizer.extract.mentions import captive_mentions
from summarizer.text import sentences

FRIDAY = dt.date(2025, 5, 23)


def flows(text: str) -> set[Flow]:
    return flows_of(text, FRIDAY)


def figures(text: str) -> set[tuple[str, int]]:
    return {(f.kind, f.value) for f in extract(text, FRIDAY).figures}


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("The ministry said 5 757 Ukrainian soldiers have come home.", 5757),
        ("Kyiv got back three dozen prisoners of war on Friday.", 36),
        ("On May 24 307 prisoners of war were exchanged.", 307),
    ],
)
def test_written_numbers_are_read_whole(sentence: str, count: int) -> None:
    assert [m.count for m in captive_mentions(sentence)] == [count]


@pytest.mark.parametrize(
    "text",
    [
        "With this release, 18 hostages have now been freed since the truce began.",
        "Over that period 4 120 Ukrainian soldiers have been brought home.",
    ],
)
def test_a_perfect_tense_over_a_period_is_a_running_total(text: str) -> None:
    assert flows(text) == set()
    assert {kind for kind, _ in figures(text)} == {"cumulative_total"}


@pytest.mark.parametrize(
    "text",
    [
        "Russia returned 40 Ukrainian civilians. More than 20 residents were still waiting "
        "to go home, the ombudsman said.",
        "Azerbaijan freed four Armenian prisoners. After this release, 19 Armenian prisoners "
        "remain in Azerbaijani custody.",
        "Iran freed 2 French nationals on Thursday. Paris called for three other French "
        "citizens, who are still detained, to be freed.",
        "Hamas freed 4 Israeli hostages on Saturday. Talks on a second phase are expected to "
        "cover the return of about 60 remaining captives.",
    ],
)
def test_people_still_waiting_or_remaining_are_still_held_not_handed_over(text: str) -> None:
    assert len(flows(text)) == 1
    assert {kind for kind, _ in figures(text)} == {"still_held"}


def test_a_run_of_exchanges_that_has_brought_people_home_is_a_running_total() -> None:
    text = (
        "Russia handed over 9 Ukrainian soldiers on Saturday. The swap is the latest in a run "
        "of exchanges this week that has brought more than 100 Ukrainian soldiers home."
    )
    assert ("Russia", "Ukraine", "prisoners_of_war", 100) not in flows(text)
    assert ("cumulative_total", 100) in figures(text)


def test_people_whose_release_is_sought_are_still_held_and_one_secured_is_a_handover() -> None:
    sought = (
        "Hamas freed 5 Israeli soldiers on Sunday. Talks resume today to secure the release "
        "of the other six Israeli soldiers."
    )
    assert {count for *_, count in flows(sought)} == {5}
    assert ("still_held", 6) in figures(sought)
    secured = "Egypt secured the release of 12 Israeli soldiers from Hamas on Sunday."
    assert 12 in {count for *_, count in flows(secured)}


def test_part_of_the_remaining_captives_freed_leaves_the_rest_still_held() -> None:
    text = "Abu Sayyaf let five of its 11 remaining Malaysian hostages go on Monday."
    assert 11 not in {count for *_, count in flows(text)}
    assert ("still_held", 11) in figures(text)


def test_the_remaining_captives_a_verb_says_were_freed_are_handed_over() -> None:
    text = "Hamas freed the remaining 20 Israeli hostages on Monday, the army said."
    assert flows(text) == {("Hamas", "Israel", "hostages", 20)}


def test_one_number_counting_soldiers_and_civilians_is_of_mixed_kind() -> None:
    text = "Azerbaijan released 32 Armenian soldiers and civilians on Wednesday."
    assert flows(text) == {("Azerbaijan", "Armenia", "mixed", 32)}


def test_a_flow_the_other_way_is_not_the_sum_of_a_swap_it_answers() -> None:
    text = (
        "Hamas released 13 Israelis and 26 Israelis on Sunday, and 39 Palestinian prisoners "
        "were freed by Israel in exchange."
    )
    assert ("Israel", "Hamas", "detainees", 39) in flows(text)


def test_both_sides_swapping_a_number_is_the_swaps_total_not_a_flow() -> None:
    text = "Armenia and Azerbaijan swapped more than three dozen prisoners on Wednesday."
    assert {n for *_, n in flows(text)} == {None}  # both ways went, neither counted
    assert figures(text) == {("other", 36)}


def test_prisoners_freed_for_hostages_go_to_the_group_that_held_the_hostages() -> None:
    text = (
        "Officials said 183 prisoners were freed on Friday under the truce that "
        "lets Hamas hand back Israeli hostages."
    )
    assert flows(text) == {("Israel", "Hamas", "detainees", 183)}


def test_named_people_swapped_go_home_by_nationality_with_no_count() -> None:
    text = (
        "Moscow said on Thursday that Oleg Smirnov, a Russian citizen, had been flown home "
        "from the United States. In exchange, Laura Bennett, a US citizen, was released."
    )
    assert flows(text) == {
        ("United States", "Russia", "detainees", None),
        ("Russia", "United States", "detainees", None),
    }


def test_a_named_person_let_go_by_a_side_and_one_traded_for_them() -> None:
    text = (
        "In March, Russia released US teacher Daniel Park, and in return the United States "
        "let go Pavel Orlov, who had faced fraud charges."
    )
    assert flows(text) == {
        ("Russia", "United States", "detainees", None),
        ("United States", "Russia", "detainees", None),
    }


def test_named_people_never_become_figures_or_sums() -> None:
    text = "Hamas freed Noa Cohen, an Israeli woman, and 12 Israeli hostages on Sunday."
    found = flows(text)
    assert ("Hamas", "Israel", "hostages", 12) in found
    assert all(count is not None for _, _, _, count in found)  # the counted group covers her


@pytest.mark.parametrize(
    "text",
    [
        "Russia returned 120 Ukrainian soldiers on Friday. Zelensky said three civilians taken "
        "in Kherson were also part of the exchange.",
        "Russia returned 120 Ukrainian soldiers (117 men and three women) on Friday.",
    ],
)
def test_a_part_of_a_group_already_counted_is_not_a_flow_of_its_own(text: str) -> None:
    assert flows(text) == {("Russia", "Ukraine", "prisoners_of_war", 120)}


def test_agreeing_at_talks_to_exchange_is_announced_not_done() -> None:
    found = extract(
        "Kyiv and Moscow agreed at talks in Istanbul to exchange 500 Ukrainian prisoners of war "
        "for Russian ones.",
        FRIDAY,
    )
    assert {e.status for e in found.events} == {"announced"}


def test_what_a_side_had_handed_over_before_this_handover_is_a_running_total() -> None:
    text = (
        "Israel handed back the bodies of 15 Palestinians on Friday. Prior to Friday's handover, "
        "Israel had given back the bodies of 120 Palestinians, officials in Gaza said."
    )
    assert flows(text) == {("Israel", "Hamas", "remains", 15)}
    assert ("cumulative_total", 120) in figures(text)


def test_swapped_for_exactly_as_many_names_the_return_flow() -> None:
    text = 'Moscow said 88 Russian soldiers had been swapped for "exactly" as many Ukrainians.'
    assert flows(text) == {
        ("Ukraine", "Russia", "prisoners_of_war", 88),
        ("Russia", "Ukraine", "prisoners_of_war", 88),
    }


def test_prisoners_from_an_army_are_that_armys_people_not_from_it() -> None:
    text = "The RSF said it had freed 60 prisoners of war from the Sudanese Armed Forces."
    assert flows(text) == {("Rapid Support Forces", "Sudan", "prisoners_of_war", 60)}


def test_a_participle_after_the_count_is_not_a_speaker() -> None:
    text = "Hamas returned three bodies confirmed to be those of Israeli hostages on Friday."
    found = extract(text, FRIDAY)
    assert [(t.from_, t.to, t.count, t.reported_by) for e in found.events for t in e.transfers] == [
        ("Hamas", "Israel", 3, [])
    ]


def test_a_group_of_a_number_counts_what_the_article_counted_before() -> None:
    text = (
        "Israel is to hand back the bodies of 90 Palestinians. The first group of 30 was "
        "transferred on Friday, Palestinian health officials said."
    )
    assert ("Israel", "Hamas", "remains", 30) in flows(text)


def test_what_a_side_must_do_under_a_deal_is_announced() -> None:
    text = "Israel must also hand back the bodies of 90 Palestinians this week."
    found = extract(text, FRIDAY)
    assert {e.status for e in found.events} == {"announced"}


def test_an_exchange_planned_with_no_number_is_talk_not_a_record() -> None:
    text = (
        "Russia and Ukraine met in Istanbul on Monday. They also plan another large exchange "
        "of prisoners of war."
    )
    assert extract(text, FRIDAY).events == []


def test_an_exchange_planned_at_the_same_number_each_way_goes_both_ways() -> None:
    text = (
        "Russia and Ukraine met in Istanbul on Monday. They agreed on an exchange of bodies "
        "on a 500-for-500 basis."
    )
    found = extract(text, FRIDAY)
    assert {(t.from_, t.to, t.count) for e in found.events for t in e.transfers} == {
        ("Russia", "Ukraine", 500),
        ("Ukraine", "Russia", 500),
    }
    assert {e.status for e in found.events} == {"announced"}


def test_a_done_exchange_mentioned_without_number_adds_no_flow() -> None:
    text = (
        "Russia returned 80 Ukrainian soldiers on Friday. The exchange of prisoners took place "
        "on the Belarusian border."
    )
    assert flows(text) == {("Russia", "Ukraine", "prisoners_of_war", 80)}


def test_people_a_side_detained_are_held_not_freed() -> None:
    text = (
        "The Houthis freed 90 Yemeni war detainees on Saturday. The release comes after the "
        "Houthis detained six more Yemeni aid workers."
    )
    assert flows(text) == {("Houthis", "Yemen", "detainees", 90)}
    assert ("still_held", 6) in figures(text)


def test_the_houthis_receiving_and_a_group_freed_in_exchange_go_opposite_ways() -> None:
    text = (
        "Yemen's government and the Houthis agreed the swap in Geneva. On Friday, the Houthis "
        "are due to receive 200 of their prisoners, while 251 from the government side are to "
        "be released in exchange."
    )
    assert flows(text) == {
        ("Yemen", "Houthis", "prisoners_of_war", 200),
        ("Houthis", "Yemen", "prisoners_of_war", 251),
    }


def test_soldiers_freed_by_a_hostage_taking_group_are_hostages() -> None:
    text = "Hamas handed four Israeli soldiers to the Red Cross on Saturday."
    assert flows(text) == {("Hamas", "Israel", "hostages", 4)}


def test_taking_custody_of_a_group_is_receiving_it() -> None:
    text = "Ukraine took custody of 40 prisoners of war on the border on Friday."
    assert flows(text) == {("Russia", "Ukraine", "prisoners_of_war", 40)}


@pytest.mark.parametrize(
    "text",
    [
        "Yemen's government and the Houthis ended an exchange of 700 captives on Sunday.",
        "Three flights carried 300 prisoners between Aden and Sanaa on Friday.",
        "Turkey said it had run the operation, swapping 24 individuals held in seven countries.",
    ],
)
def test_an_exchange_of_a_number_is_its_total_not_a_flow(text: str) -> None:
    assert {n for *_, n in flows(text)} <= {None}  # the swap went both ways, uncounted
    assert {kind for kind, _ in figures(text)} == {"other"}


def test_a_round_of_talks_is_not_an_exchange_ordinal() -> None:
    text = (
        "The delegations met for the second round of Russia-Ukraine peace talks. Russia "
        "returned 50 Ukrainian soldiers, the fourth exchange this year."
    )
    assert {(k, v) for k, v in figures(text) if k == "exchange_ordinal"} == {
        ("exchange_ordinal", 4)
    }


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Outlets say they have documented the deaths of more than 9,000 Russian soldiers.", 9000),
        ("At least 15 people were hurt in the attack on Kyiv.", 15),
        ("The raid left 300 casualties, the ministry said.", 300),
    ],
)
def test_deaths_injuries_and_casualties_are_casualty_figures(text: str, value: int) -> None:
    assert flows(text) == set()
    assert figures(text) == {("casualties", value)}


def test_abbreviations_do_not_end_sentences_and_run_together_ones_split() -> None:
    text = "The truce began on Oct. 10 and held. Mr. Lee spoke on Oct. 7.The talks ended."
    assert sentences(text) == [
        "The truce began on Oct. 10 and held.",
        "Mr. Lee spoke on Oct. 7.",
        "The talks ended.",
    ]


def test_a_count_whose_own_verb_is_done_is_completed_whatever_else_is_planned() -> None:
    text = (
        "Apart from the women set to be freed on the first day of the truce, a group of 12 Thai "
        "workers had been released by Hamas, Thailand's prime minister wrote."
    )
    found = extract(text, FRIDAY)
    assert {(t.to, t.count, e.status) for e in found.events for t in e.transfers} == {
        ("Thailand", 12, "completed")
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Another 90 soldiers came home on Saturday, according to Ukraine's President "
            "Volodymyr Zelenskyy and Russia's defense ministry.",
            ["Ukraine's President Volodymyr Zelenskyy", "Russia's defense ministry"],
        ),
        ("Yermak, for his part, said that 45 defenders had returned.", ["Yermak"]),
        (
            "Russian state media, quoting sources it did not name, reported that 30 bodies were "
            "handed over.",
            ["Russian state media"],
        ),
        (
            "Moscow said 150 prisoners had been swapped, whereas Ukraine's President Volodymyr "
            "Zelenskyy said 189 had come home.",
            ["Moscow", "Ukraine's President Volodymyr Zelenskyy"],
        ),
    ],
)
def test_every_speaker_of_a_sentence_is_named_past_asides_and_conjunctions(
    sentence: str, expected: list[str]
) -> None:
    assert source_phrases(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The security service said Oleg Smirnov, a Russian citizen, had been brought home.",
            ["security service"],
        ),
        ("Twenty soldiers came home, said Andriy Yermak, head of the office.", ["Andriy Yermak"]),
        (
            "Hamas returned four bodies, although Israeli authorities said one was not a hostage.",
            ["Israeli authorities"],
        ),
    ],
)
def test_the_person_a_speaker_talks_about_is_not_a_speaker(
    sentence: str, expected: list[str]
) -> None:
    assert source_phrases(sentence) == expected


def test_a_weekday_of_a_planned_handover_is_the_next_such_day() -> None:
    tuesday = dt.date(2025, 3, 18)
    text = "The Kremlin said Russia and Ukraine would swap 175 prisoners of war each on Wednesday."
    found = extract(text, tuesday)
    assert {(e.status, e.date) for e in found.events} == {("announced", dt.date(2025, 3, 19))}
    done = extract("Russia returned 50 Ukrainian soldiers on Wednesday.", tuesday)
    assert {e.date for e in done.events} == {dt.date(2025, 3, 12)}


def test_an_armed_groups_name_before_the_noun_says_whose_people_they_are() -> None:
    text = "Sudan's army said it had freed 37 RSF fighters in a swap brokered by the ICRC."
    assert flows(text) == {("Sudan", "Rapid Support Forces", "prisoners_of_war", 37)}


def test_militants_freed_by_a_state_fighting_a_hostage_taking_group_are_detainees() -> None:
    assert flows("Israel released 12 Hamas militants on Friday.") == {
        ("Israel", "Hamas", "detainees", 12)
    }


def test_a_speaker_saying_it_handed_over_is_the_side_that_gave() -> None:
    text = "The Russian Defence Ministry said it had returned 50 bodies on Friday."
    assert flows(text) == {("Russia", "Ukraine", "remains", 50)}


def test_ages_are_not_counts() -> None:
    text = "Five more children aged 4 to 15 have been brought back to Ukraine from Russia."
    assert flows(text) == {("Russia", "Ukraine", "civilians", 5)}


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Two Lebanese bodies were swapped for one Israeli body.", [2, 1]),
        ("One of the soldiers was wounded.", []),
        ("Russia and Ukraine carry out one more prisoner of war swap.", []),
        ("It was the 20th prisoner exchange of the year.", []),
    ],
)
def test_one_counts_only_with_its_own_noun_and_a_noun_before_swap_is_no_count(
    sentence: str, counts: list[int]
) -> None:
    assert [m.count for m in captive_mentions(sentence)] == counts


def test_a_participle_describing_the_captives_does_not_hide_the_main_verb() -> None:
    text = (
        "According to the ombudsman, 1 985 children abducted by Russia have been returned "
        "home in total since the war began."
    )
    assert flows(text) == set()
    found = extract(text, FRIDAY).figures
    assert [(f.kind, f.value, f.description) for f in found] == [
        ("cumulative_total", 1985, "children in total so far")
    ]


def test_an_adverb_between_speaker_and_verb_keeps_the_speaker() -> None:
    assert source_phrases("Ukraine has officially confirmed that 40 children came home.") == [
        "Ukraine"
    ]


def test_a_states_name_before_the_noun_is_whose_people_they_are() -> None:
    text = "Iran says four US dual-national prisoners have been freed in a prisoner exchange."
    assert ("Iran", "United States", "detainees", 4) in flows(text)


def test_a_persons_place_of_work_is_not_their_nationality() -> None:
    text = (
        "Iran released Jason Reed, the Tehran correspondent of a US newspaper, and in return "
        "the United States freed seven Iranians."
    )
    assert flows(text) == {
        ("Iran", "United States", "detainees", None),
        ("United States", "Iran", "detainees", 7),
    }


def test_a_rate_of_prisoners_for_one_hostage_is_a_ratio_not_a_count() -> None:
    sentence = "Israel frees prisoners at a rate of 30 prisoners for one hostage."
    assert captive_mentions(sentence) == []



def test_a_place_after_freed_from_is_not_a_person() -> None:
    text = "Afghan officials said Taliban prisoners were freed from Bagram Prison on Tuesday."
    assert all(count is not None for _, _, _, count in flows(text))


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        (
            "The Afghan government and the Taliban signed a deal. Under it, the insurgents are "
            "to free 1,000 captives.",
            ("Taliban", "Afghanistan", 1000),
        ),
        (
            "The Taliban and the government signed a deal. On Monday the Afghan government "
            "freed 900 captives.",
            ("Afghanistan", "Taliban", 900),
        ),
    ],
)
def test_the_rebels_or_the_government_as_subject_name_the_side(
    text: str, flow: tuple[str, str, int]
) -> None:
    assert flow in {(g, r, n) for g, r, _, n in flows(text)}


def test_a_dateline_city_is_not_a_side_acting() -> None:
    text = "VILNIUS (Reuters) - Belarus said it had freed 14 prisoners on Friday."
    assert {(g, r) for g, r, _, _ in flows(text)} == {("Belarus", "Lithuania")}


def test_one_handover_told_whole_and_in_parts_is_the_whole() -> None:
    text = (
        "Sixty Ukrainians came home from Russia, the ombudsman said. Fifteen Ukrainian "
        "citizens came back under family reunification. Another 45 Ukrainian citizens were "
        "brought back from Russian detention centres."
    )
    assert {n for _, _, _, n in flows(text)} == {60}


def test_stages_on_different_days_stay_flows_and_their_sum_is_a_figure() -> None:
    text = (
        "On Friday, Russia returned 390 Ukrainian soldiers. On Saturday, Russia returned 307 "
        "Ukrainian soldiers. In all, 697 Ukrainian soldiers were returned by Russia."
    )
    assert {n for _, _, _, n in flows(text)} == {390, 307}
    assert 697 in {value for _, value in figures(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Under the deal, the insurgents are to free 1,000 captives held by the Taliban.",
        "The four-day truce provides for 50 Israeli hostages to be freed over four days.",
        "During the truce's first phase, Hamas is to free 33 Israeli hostages.",
    ],
)
def test_the_terms_of_a_deal_are_figures_not_handovers(text: str) -> None:
    assert flows(text) == set()
    assert {kind for kind, _ in figures(text)} == {"other"}


def test_a_handover_done_under_a_deal_is_still_a_handover() -> None:
    text = "Under the ceasefire deal, Hamas freed eight Israeli hostages on Thursday."
    assert flows(text) == {("Hamas", "Israel", "hostages", 8)}


def test_a_first_group_of_a_number_is_a_new_group_going_its_own_way() -> None:
    text = (
        "Under the deal, Israel must also hand back the bodies of 360 Palestinians. The first "
        "group of 45 was transferred on Tuesday, Palestinian health authorities said."
    )
    assert flows(text) == {("Israel", "Hamas", "remains", 45)}


def test_letting_a_group_go_is_handing_it_over() -> None:
    text = "The ELN guerrilla group let six hostages go on Sunday in Colombia."
    assert flows(text) == {("ELN", "Colombia", "hostages", 6)}


def test_each_count_goes_to_the_side_named_after_it() -> None:
    text = (
        "According to Russia's Defence Ministry, 12 captives were handed over to Azerbaijan "
        "and 44 to Armenia on Monday."
    )
    assert {(g, r, n) for g, r, _, n in flows(text)} == {
        ("Armenia", "Azerbaijan", 12),
        ("Azerbaijan", "Armenia", 44),
    }


@pytest.mark.parametrize(
    "text",
    [
        "India has released only a little over 200 Pakistanis since 2021, officials say.",
        "Pakistan has freed nearly 600 Indian prisoners over the past five years.",
        "The rebels have freed eight hostages in three days, the Red Cross said.",
    ],
)
def test_a_perfect_tense_over_a_span_is_a_running_total(text: str) -> None:
    assert flows(text) == set()
    assert {kind for kind, _ in figures(text)} == {"cumulative_total"}


def test_two_demonyms_joined_by_and_still_head_one_noun() -> None:
    text = "Israel also plans to return the bodies of 199 Lebanese and Palestinian fighters."
    assert [m.count for m in captive_mentions(text)] == [199]


def test_a_states_people_go_to_its_armed_group_when_the_state_is_not_a_side() -> None:
    text = (
        "Hezbollah handed Israel the bodies of two Israeli soldiers. Israel also plans to "
        "return the bodies of 199 Lebanese fighters to Hezbollah's side, Israeli officials "
        "said of the deal with Hezbollah."
    )
    assert ("Israel", "Hezbollah", "remains", 199) in flows(text)


def test_the_same_count_on_two_named_days_is_two_handovers() -> None:
    text = (
        "The ELN let two people go on Friday. On Sunday the ELN freed six hostages: two police "
        "officers and four civilians."
    )
    assert {(n, c) for _, _, c, n in flows(text)} == {(2, "hostages"), (6, "hostages")}


def test_counts_in_exchanges_over_a_year_are_running_totals() -> None:
    text = (
        "In 2025, Moscow and Kyiv held 14 such exchanges, in which 14,480 bodies were returned "
        "to Ukraine and 391 to Russia."
    )
    assert flows(text) == set()
    assert {v for k, v in figures(text) if k == "cumulative_total"} == {14480, 391}


def test_one_before_a_verb_is_no_count() -> None:
    assert captive_mentions("One photo released by the Ukrainian headquarters shows a sign.") == []
