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


def test_a_running_total_described_with_a_label_is_named_plainly() -> None:
    from summarizer.extract.summary import summarize_records
    from summarizer.neutrality import find_violations
    from summarizer.schemas import Figure

    figure = Figure(
        kind="cumulative_total",
        description="bodies of martyrs received so far",
        value=240,
        reported_by=["the health ministry"],
        evidence="The bodies of 240 martyrs have been received so far, the ministry said.",
    )
    written = summarize_records([], [figure])
    assert "240" in written.text
    assert find_violations(f"{written.headline}. {written.text}") == []


def test_no_summary_sentence_the_checklist_flags_reaches_the_brief(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from summarizer.extract import summary as template
    from summarizer.neutrality import find_violations
    from summarizer.schemas import Figure

    # a clause some future rule lets through with the outlet's label in it
    monkeypatch.setattr(template, "_figure_clause", lambda f: f"the terrorists held {f.value}")
    figure = Figure(
        kind="still_held",
        description="prisoners still held",
        value=30,
        reported_by=["officials"],
        evidence="Officials said 30 prisoners are still held.",
    )
    written = template.summarize_records([], [figure])
    assert "terrorists" not in written.text
    assert find_violations(f"{written.headline}. {written.text}") == []


def test_a_loaded_word_inside_a_groups_name_joined_by_small_words_is_the_name() -> None:
    from summarizer.neutrality import find_violations

    named = "The Popular Movement for the Liberation of Upper Volta freed 23 officials."
    assert find_violations(named) == []
    assert find_violations("They spoke of the liberation of the town of Kupiansk.") != []
