"""What the LLM fills: one flat list of transfers, one of figures, headline, summary.

Flat on purpose: llama.cpp turns this schema into a grammar and silently falls
back to free JSON when it cannot, so no unions of objects and no deep nesting.
Events are built in code by grouping transfers (same day, same pair of sides).
Field order is generation order: the evidence sentence comes first, so the
model copies the sentence before it reads numbers and sides out of it.

Pure data: the rules live in ``review``; a call passes them in the validation context
(``check``) and a broken rule becomes the re-ask message.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from summarizer.schemas import Category, FigureKind, Qualifier, Status
from summarizer.validation import raise_problems


class LLMTransfer(BaseModel):
    evidence: str = Field(description="sentence copied word for word")
    handed_over_by: str
    received_by: str
    category: Category
    count: int | None
    qualifier: Qualifier
    reported_by: list[str]
    unverified: bool
    status: Status
    when: str | None = Field(description="the article's words for the day")
    mediators: list[str]
    location: str | None


class LLMFigure(BaseModel):
    evidence: str = Field(description="sentence copied word for word")
    kind: FigureKind
    description: str
    value: int
    qualifier: Qualifier
    reported_by: list[str]


class LLMDigest(BaseModel):
    """Handovers, other figures and a neutral summary of one news article."""

    # Field rules live in the system prompt: the server renders this schema into
    # every prompt, so descriptions here stay short.

    transfers: list[LLMTransfer]
    figures: list[LLMFigure]
    headline: str
    summary: str

    @model_validator(mode="after")
    def _checked(self, info: ValidationInfo) -> LLMDigest:
        """Re-ask with precise messages when the checks given for this call object."""
        raise_problems(
            self,
            info,
            "The answer breaks these rules; fix each one and answer again "
            "(drop an item if the article does not support it):",
        )
        return self


@cache
def schema_hash() -> str:
    """Short hash of the LLM-facing schema: part of provenance and of the cache key."""
    schema = json.dumps(LLMDigest.model_json_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode()).hexdigest()[:12]


class LLMSummary(BaseModel):
    """A corrected neutral headline and summary."""

    headline: str
    summary: str

    @model_validator(mode="after")
    def _checked(self, info: ValidationInfo) -> LLMSummary:
        """Re-ask until the summary passes the checks given for this call."""
        raise_problems(self, info, "The summary breaks these rules; fix each one:")
        return self
