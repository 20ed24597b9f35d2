"""The one question the model is asked: its rendered prompt is pinned, and its way out
("not stated") leaves the flow out instead of guessing a side."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pydantic import BaseModel

from summarizer.extract.digest import extract
from summarizer.extract.questions import (
    QUESTIONS_VERSION,
    answer_model,
    messages_for,
    open_questions,
)
from summarizer.extract.reader import read_article

GOLDEN = Path(__file__).resolve().parent / "golden"
TEXT = (
    "Armenia and Azerbaijan held talks on Monday. Later, 12 people crossed the border at the "
    "Margara checkpoint and went home, the commission said."
)


def test_rendered_question_matches_the_golden_file() -> None:
    """A prompt change shows up here and invalidates the cassettes: re-record both."""
    reading = read_article(TEXT)
    ((index, questions),) = open_questions(reading).items()
    rendered = "\n\n".join(
        f"[{m['role']}]\n{m['content']}" for m in messages_for(reading, index, questions)
    )
    golden = GOLDEN / f"question_{QUESTIONS_VERSION}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered)
    assert rendered == golden.read_text()


def test_no_answer_makes_a_record_and_a_side_pair_is_shown_as_a_hint() -> None:
    def answering(choice: str):  # type: ignore[no-untyped-def]
        def ask(model: type[BaseModel], messages: list[dict[str, str]], max_tokens: int):  # type: ignore[no-untyped-def]
            field = next(iter(model.model_fields))
            return model.model_validate({field: choice})

        return ask

    monday = dt.date(2025, 5, 26)
    abstained = extract(TEXT, monday, ask=answering("not stated"))
    assert abstained.events == [] and abstained.calls == 1
    assert not any("model suggests" in w for w in abstained.warnings)
    chosen = extract(TEXT, monday, ask=answering("Azerbaijan to Armenia"))
    assert chosen.events == []
    assert any("model suggests Azerbaijan to Armenia" in w for w in chosen.warnings)


def test_the_answer_schema_offers_not_stated_first() -> None:
    reading = read_article(TEXT)
    ((_, questions),) = open_questions(reading).items()
    (prop,) = answer_model(questions).model_json_schema()["properties"].values()
    assert prop["enum"][0] == "not stated"
