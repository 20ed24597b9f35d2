"""The review's rules on sides, directions and repeated flows, on sentences written for
these tests (each rule came from a real failure in the eval, see docs/decisions.md)."""

from __future__ import annotations

from typing import Any

from llm_answers import transfer_row as row

from summarizer.oneshot.llm_schema import LLMDigest
from summarizer.oneshot.review import review
from summarizer.schemas import Article


def checked(text: str, *rows: dict[str, Any]) -> Any:
    answer = LLMDigest.model_validate(
        {"transfers": list(rows), "figures": [], "headline": "h", "summary": "s."}
    )
    return review(answer, Article(id="t", text=text))


def flows(result: Any) -> list[tuple[str, str, int | None]]:
    return [(t.from_, t.to, t.count) for t, _ in result.transfers]


RECEIVED = "Kiev received 1,000 fallen soldiers, the headquarters said."
MOSCOW = "Moscow received the remains of 24 soldiers in return, bloggers wrote."


def test_a_sentence_saying_who_received_fixes_a_reversed_direction() -> None:
    result = checked(
        f"{RECEIVED} {MOSCOW}",
        row(RECEIVED, "Ukraine", "Russia", 1000),
        row(MOSCOW, "Russia", "Ukraine", 24),
    )
    assert flows(result) == [("Russia", "Ukraine", 1000), ("Ukraine", "Russia", 24)]
    assert sum("received the" in w for w in result.warnings) == 2


def test_receiving_party_is_left_alone_when_the_direction_already_agrees() -> None:
    result = checked(RECEIVED, row(RECEIVED, "Russia", "Ukraine", 1000))
    assert flows(result) == [("Russia", "Ukraine", 1000)] and result.warnings == []


def test_a_plural_nationality_sends_the_counted_people_home() -> None:
    text = "Israel has handed back the bodies of 30 Palestinians, hospital officials said."
    result = checked(text, row(text, "Hamas", "Israel", 30))
    assert flows(result) == [("Israel", "Hamas", 30)]


def test_a_person_a_list_or_a_placeholder_is_never_a_side() -> None:
    text = (
        "Thai Prime Minister Srettha Thavisin said 12 Thai nationals were freed. "
        "A source said 5 more were freed. Turkey said 26 people were exchanged between "
        "the US, Germany, Poland and Russia."
    )
    result = checked(
        text,
        row("Thai Prime Minister Srettha Thavisin said 12 Thai nationals were freed.",
            "Thai Prime Minister Srettha Thavisin", "Israel", 12, category="hostages"),
        row("A source said 5 more were freed.", "Source", "Israel", 5, category="hostages"),
        row("Turkey said 26 people were exchanged between the US, Germany, Poland and Russia.",
            "Turkey", "US, Germany, Poland, Russia", 26, category="detainees"),
    )  # fmt: skip
    assert result.transfers == []
    assert any("is a person" in p for p in result.problems)
    assert any("is not a side" in p for p in result.problems)
    assert any("is a list" in p for p in result.problems)


def test_one_flow_from_one_source_quoted_twice_is_one_record() -> None:
    first = "Russia returned the bodies of 1,200 soldiers, the headquarters said."
    second = "The 1,200 bodies were handed over on Friday, the headquarters said."
    result = checked(
        f"{first} {second}",
        row(first, "Russia", "Ukraine", 1200, reported_by=["the headquarters"]),
        row(second, "Russia", "Ukraine", 1200, reported_by=["The headquarters"]),
    )
    assert flows(result) == [("Russia", "Ukraine", 1200)]
    assert any("repeats transfer 1" in w for w in result.warnings)


def test_the_same_count_from_two_sources_stays_two_records() -> None:
    first = "Russia returned the bodies of 60 soldiers, Ukraine's headquarters said."
    second = "Russia's Defence Ministry also put the number at 60."
    result = checked(
        f"{first} {second}",
        row(first, "Russia", "Ukraine", 60, reported_by=["Ukraine's headquarters"]),
        row(second, "Russia", "Ukraine", 60, reported_by=["Russia's Defence Ministry"]),
    )
    assert len(result.transfers) == 2
