"""Public records of the contract (``../shared/spec/records.md``): what users get.

These are what ``summarize`` writes and ``eval`` reads. The LLM never sees them:
it fills the flatter models in :mod:`summarizer.oneshot.llm_schema`, and code maps,
grounds and normalises into these.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["completed", "announced", "proposed"]
Category = Literal["remains", "prisoners_of_war", "civilians", "hostages", "detainees", "mixed"]
Qualifier = Literal["exact", "at_least", "more_than", "about", "up_to"]
FigureKind = Literal["cumulative_total", "still_held", "exchange_ordinal", "casualties", "other"]

SCHEMA_VERSION = "1.0"

# how a count of each category reads in a summary sentence (neutral words only)
CATEGORY_PHRASES: dict[str, str] = {
    "remains": "the remains of {n} people",
    "prisoners_of_war": "{n} prisoners of war",
    "civilians": "{n} civilians",
    "hostages": "{n} hostages",
    "detainees": "{n} detainees",
    "mixed": "{n} people",
}


class _Record(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")


class Article(_Record):
    """An input article; ``published`` is never guessed from the body."""

    id: str
    text: str
    published: dt.date | None = None
    source: str | None = None


class Transfer(_Record):
    """One directed flow of people or remains, with who said how many."""

    from_: str = Field(alias="from", description="canonical party that handed over")
    to: str = Field(description="canonical party that received")
    category: Category
    count: int | None = Field(ge=0)
    qualifier: Qualifier = "exact"
    reported_by: list[str] = Field(default_factory=list)
    unverified: bool = False
    evidence: str


class Event(_Record):
    """One handover occasion: same day or stated operation, same pair of sides."""

    status: Status
    date: dt.date | None = None
    date_text: str | None = None
    transfers: list[Transfer] = Field(min_length=1)
    mediators: list[str] = Field(default_factory=list)
    location: str | None = None
    agreement: str | None = None
    evidence: list[str] = Field(default_factory=list)


class Figure(_Record):
    """Any other number about people in the exchange context."""

    kind: FigureKind
    description: str
    value: int = Field(ge=0)
    qualifier: Qualifier = "exact"
    reported_by: list[str] = Field(default_factory=list)
    unverified: bool = False
    evidence: str


class Summary(_Record):
    headline: str
    text: str


class Usage(_Record):
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Provenance(_Record):
    model: str
    backend: str
    prompt_version: str
    schema_version: str
    schema_hash: str
    usage: Usage = Field(default_factory=Usage)
    attempts: int = 0
    seconds: float = 0.0
    warnings: list[str] = Field(default_factory=list)
    cached: bool = False


class Digest(_Record):
    """Everything the tool says about one article."""

    article_id: str
    published: dt.date | None = None
    source: str | None = None
    events: list[Event] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    summary: Summary
    provenance: Provenance

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


class ArticleFailure(_Record):
    """The output line of an article that could not be digested (the batch goes on)."""

    article_id: str
    error: str
    error_type: str
    source: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


Result = Digest | ArticleFailure  # what one article of a batch comes to


def public_json_schema() -> dict[str, Any]:
    """JSON Schema of a digest, as printed by ``summarizer schema``."""
    return Digest.model_json_schema(by_alias=True)
