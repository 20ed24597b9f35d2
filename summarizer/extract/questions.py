"""The closed choice left to the model: which way a counted group went, when neither the
captives' nationality nor the verb frame says so. The answer is a hint shown in the
digest's warnings, not a record's sides: measured, it was wrong far more often than right.

One small call per sentence that still has open questions, under a schema whose only
answers are enums built from the article's sides; the model never copies text and
never names a side the article does not. The constant instructions and examples come
first so the server reuses the prefix.

Measured before this design (docs/decisions.md): asked whether a count was a handover,
a total or a casualty figure, the 1.5B model was wrong on every probe sentence
("11,000 troops training" → still held, "2,600 soldiers preparing" → handed over), so
that choice stays with code, which drops what it cannot place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from string import Template
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, create_model

from summarizer.extract.readings import MODEL_SUGGESTED, ArticleReading, Reading
from summarizer.prompts import prompts_dir

QUESTIONS_VERSION = "v4"
MAX_TOKENS_PER_QUESTION = 16  # '"direction_of_1000": "Saudi Arabia to Houthis", ' and slack

# (schema, messages, max_tokens) -> the answer, or None when the model gave no usable one
Ask = Callable[[type[BaseModel], list[dict[str, str]], int], BaseModel | None]


@cache
def _load(name: str) -> str:
    return (prompts_dir() / QUESTIONS_VERSION / name).read_text("utf-8")


@cache
def questions_hash() -> str:
    """Changes when the question prompts change (cache key, provenance)."""
    digest = hashlib.sha256()
    for name in ("questions.txt", "question.txt"):
        digest.update(_load(name).encode())
    return digest.hexdigest()[:12]


@dataclass
class Question:
    field: str
    reading: Reading
    choices: tuple[str, ...]


NOT_STATED = "not stated"


def _direction_choices(reading: ArticleReading) -> tuple[str, ...]:
    """The article's ordered side pairs, and first the way out: measured, the 1.5B model
    chose a wrong pair 12 times in 13 when made to pick one, and a wrong side is worse for
    an analyst than a flow left out."""
    sides = reading.sides.sides[:3]
    return (NOT_STATED, *(f"{a} to {b}" for a in sides for b in sides if a != b))


def open_questions(reading: ArticleReading) -> dict[int, list[Question]]:
    """Per sentence, the directions code could not settle (at least two sides needed)."""
    asked: dict[int, list[Question]] = {}
    choices = _direction_choices(reading)
    if len(choices) < 3:  # "not stated" and at least two ways
        return asked
    for r in reading.readings:
        if r.reverse or "direction" not in r.open:
            continue
        q = Question(f"direction_of_{r.mention.count}", r, choices)
        listed = asked.setdefault(r.index, [])
        if all(x.field != q.field for x in listed):
            listed.append(q)
    return asked


def answer_model(questions: list[Question]) -> type[BaseModel]:
    """A schema with one enum per question, in the order asked."""
    fields: dict[str, Any] = {q.field: (Literal[q.choices], ...) for q in questions}
    model: type[BaseModel] = create_model(
        "Answers", __config__=ConfigDict(extra="forbid"), **fields
    )
    return model


def messages_for(
    reading: ArticleReading, index: int, questions: list[Question]
) -> list[dict[str, str]]:
    user = Template(_load("question.txt")).substitute(
        headline=reading.sentences[0] if reading.sentences else "",
        before=reading.sentences[index - 1] if index > 0 else "(start of article)",
        sentence=reading.sentences[index],
        questions=", ".join(q.field for q in questions),
    )
    return [
        {"role": "system", "content": _load("questions.txt").strip()},
        {"role": "user", "content": user.strip()},
    ]


def apply_answer(questions: list[Question], answer: BaseModel) -> None:
    """Keep the model's choices as hints beside the readings, never as their sides.

    Measured (docs/decisions.md, 2026-12-02): over 331 labelled articles the model's
    direction answers added 3 right flows and 11 wrong ones and broke 2 right ones, so an
    answer is shown to the analyst in the digest's warnings and makes no record."""
    for q in questions:
        choice = str(getattr(answer, q.field))
        if choice == NOT_STATED:
            q.reading.why = "the model found no side in the sentence"
            continue  # left open: no record, like code alone
        giver, receiver = choice.split(" to ")
        q.reading.suggested = (giver, receiver)
        q.reading.why = MODEL_SUGGESTED


def ask_open_questions(reading: ArticleReading, ask: Ask) -> int:
    """Ask every sentence's open questions; returns the number of calls made."""
    calls = 0
    for index, questions in open_questions(reading).items():
        answer = ask(
            answer_model(questions),
            messages_for(reading, index, questions),
            MAX_TOKENS_PER_QUESTION * len(questions) + 8,
        )
        calls += 1
        if answer is not None:
            apply_answer(questions, answer)
    return calls
