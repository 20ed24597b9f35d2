"""The closed choices left to the model: one small call per sentence that still has
open questions, under a schema whose only answers are enums built for that sentence.

The model never copies text and never names a side that is not one of the article's;
the constant instructions and examples come first so the server reuses the prefix.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from string import Template
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, create_model

from summarizer.extract.reader import ArticleReading, Reading
from summarizer.prompts import prompts_dir

QUESTIONS_VERSION = "v3"
ROLE_ANSWERS = (
    "handed_over",
    "to_be_handed_over",
    "offered",
    "running_total",
    "still_held",
    "killed_wounded_or_captured",
    "not_a_handover",
)
KIND_ANSWERS = ("prisoners_of_war", "civilians", "hostages", "detainees", "mixed")
_ROLE_EFFECT: dict[str, tuple[str, str | None]] = {  # answer -> (role, status override)
    "handed_over": ("handed_over", None),
    "to_be_handed_over": ("handed_over", "announced"),
    "offered": ("handed_over", "proposed"),
    "running_total": ("cumulative_total", None),
    "still_held": ("still_held", None),
    "killed_wounded_or_captured": ("casualties", None),
    "not_a_handover": ("other", None),
}
MAX_TOKENS_PER_QUESTION = 24  # the longest answer value plus its key and JSON punctuation

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
    kind: str  # role | direction | category
    choices: tuple[str, ...]


def _literal(choices: tuple[str, ...]) -> Any:
    return Literal[choices]


def _direction_choices(reading: ArticleReading) -> tuple[str, ...]:
    sides = reading.sides.sides[:3]
    return tuple(f"{a} to {b}" for a in sides for b in sides if a != b)


def open_questions(reading: ArticleReading) -> dict[int, list[Question]]:
    """Per sentence, the questions code could not settle."""
    asked: dict[int, list[Question]] = {}
    directions = _direction_choices(reading)
    for r in reading.readings:
        if r.reverse:
            continue
        key = str(r.mention.count)
        for what in r.open:
            if what == "role":
                q = Question(f"role_of_{key}", r, "role", ROLE_ANSWERS)
            elif what == "direction" and len(directions) >= 2:
                q = Question(f"direction_of_{key}", r, "direction", directions)
            elif what == "category":
                q = Question(f"kind_of_{key}", r, "category", KIND_ANSWERS)
            else:
                continue
            listed = asked.setdefault(r.index, [])
            if all(x.field != q.field for x in listed):
                listed.append(q)
    order = {"role": 0, "direction": 1, "category": 2}
    return {i: sorted(qs, key=lambda q: order[q.kind]) for i, qs in asked.items()}


def answer_model(questions: list[Question]) -> type[BaseModel]:
    """A schema with one enum per question, in the order asked."""
    fields: dict[str, Any] = {q.field: (_literal(q.choices), ...) for q in questions}
    return create_model("Answers", __config__=ConfigDict(extra="forbid"), **fields)


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


def apply_answer(questions: list[Question], answer: BaseModel, reading: ArticleReading) -> None:
    """Fold the model's choices into the readings (and their reverse flows)."""
    for q in questions:
        value = getattr(answer, q.field)
        targets = [r for r in reading.readings if r.mention is q.reading.mention]
        for r in targets:
            if q.kind == "role":
                role, status = _ROLE_EFFECT[value]
                r.role = role
                if status is not None and r.status == "completed":
                    r.status = status
            elif q.kind == "direction" and not r.reverse:
                giver, receiver = value.split(" to ")
                r.giver, r.receiver = giver, receiver
            elif q.kind == "category":
                r.category = value
            if q.kind in r.open:
                r.open.remove(q.kind)


def ask_open_questions(reading: ArticleReading, ask: Ask) -> int:
    """Ask every sentence's open questions; returns the number of calls made."""
    calls = 0
    for index, questions in open_questions(reading).items():
        model = answer_model(questions)
        answer = ask(
            model,
            messages_for(reading, index, questions),
            MAX_TOKENS_PER_QUESTION * len(questions) + 8,
        )
        if answer is not None:
            apply_answer(questions, answer, reading)
        calls += 1
    return calls
