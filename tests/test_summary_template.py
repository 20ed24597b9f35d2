"""The template summary reads like a brief an analyst can paste: one sentence per swap,
sides and sources named the way English names them, every number the article's."""

from __future__ import annotations

import datetime as dt

from summarizer.extract.digest import extract

FRIDAY = dt.date(2025, 5, 23)


def summary(text: str) -> str:
    return extract(text, FRIDAY).summary.text


def test_a_swap_of_equal_numbers_is_one_sentence_naming_both_sides() -> None:
    text = "Russia and Ukraine each freed 150 prisoners of war on Friday, the Kremlin said."
    assert summary(text).startswith(
        "Russia and Ukraine each handed over 150 prisoners of war on Friday, according to "
        "the Kremlin."
    )


def test_named_people_swapped_read_as_an_exchange_without_a_number() -> None:
    text = (
        "The security service said Oleg Smirnov, a Russian citizen, had been flown home on "
        "Friday. In exchange, Laura Bennett, a US citizen, was released on Friday."
    )
    first = summary(text).split(". ")[0]
    assert first == (
        "Russia and the United States exchanged detainees on Friday, according to the "
        "security service"
    )
    assert "unstated number" not in summary(text)


def test_an_institution_source_keeps_its_article() -> None:
    text = "Russia returned 50 Ukrainian soldiers, the Coordination Headquarters said on Friday."
    assert "according to the Coordination Headquarters" in summary(text)


def test_a_source_named_with_a_loaded_label_is_quoted_as_the_outlets_words() -> None:
    from summarizer.neutrality import find_violations

    text = (
        "Russia returned 50 Ukrainian prisoners of war on Friday, the Kyiv regime's "
        "ombudsman said."
    )
    brief = summary(text)
    assert find_violations(brief) == []
    assert "Kyiv regime's ombudsman”" in brief  # who said it is kept, in the outlet's words
