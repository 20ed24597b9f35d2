"""Article text → records and summary with the code-first pipeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from summarizer.extract.parties import groups_of_article
from summarizer.extract.questions import Ask, ask_open_questions
from summarizer.extract.reader import read_article
from summarizer.extract.records import build_records
from summarizer.extract.summary import summarize_records
from summarizer.extract.unlisted_sides import sides_of_article
from summarizer.schemas import Event, Figure, Summary


@dataclass
class Extraction:
    events: list[Event]
    figures: list[Figure]
    summary: Summary
    warnings: list[str] = field(default_factory=list)
    calls: int = 0


def extract(text: str, published: dt.date | None, ask: Ask | None = None) -> Extraction:
    """Read the article, ask the model what the structure leaves open (if a model is
    given), and build records and summary in code."""
    with groups_of_article(*sides_of_article(text)):
        reading = read_article(text)
        calls = ask_open_questions(reading, ask) if ask is not None else 0
        records = build_records(reading, published, sorted(reading.sides.mediators))
    warnings = []
    if reading.ignored:
        warnings.append(
            f"ignored {len(reading.ignored)} sentence(s) addressed to the model, "
            "not reported as news"
        )
    warnings += records.warnings
    summary = summarize_records(records.events, records.figures)
    return Extraction(records.events, records.figures, summary, warnings, calls)
