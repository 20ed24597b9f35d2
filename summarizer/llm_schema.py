"""What the LLM fills: one flat list of transfers, one of figures, headline, summary.

Flat on purpose: llama.cpp turns this schema into a grammar and silently falls
back to free JSON when it cannot, so no unions of objects and no deep nesting.
Events are built in code by grouping transfers (same day, same pair of sides).
Field order is generation order: the evidence sentence comes first, so the
model copies the sentence before it reads numbers and sides out of it.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, PrivateAttr, ValidationInfo, model_validator

from summarizer.schemas import Category, FigureKind, Qualifier, Status
from summarizer.validation import context_of

if TYPE_CHECKING:
    from summarizer.review import Review


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
    _review: tuple[Any, Any] | None = PrivateAttr(default=None)  # (article, Review)

    def review_for(self, article: object) -> Review | None:
        """The review the validator already ran against this very article, if any."""
        if self._review is not None and self._review[0] is article:
            found: Review = self._review[1]
            return found
        return None

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> LLMDigest:
        """Re-ask with precise messages when the answer breaks a grounding rule."""
        context = context_of(info)
        article = context.get("article")
        if article is None:  # lenient parse (salvage, tests): no grounding here
            return self
        from summarizer.review import review  # local: review imports this module

        checked = review(self, article)
        self._review = (article, checked)
        problems = checked.problems
        if problems:
            listing = "\n".join(f"{i}. {p}" for i, p in enumerate(problems, start=1))
            raise ValueError(
                "The answer breaks these rules; fix each one and answer again "
                f"(drop an item if the article does not support it):\n{listing}"
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
    def _faithful(self, info: ValidationInfo) -> LLMSummary:
        """Re-ask until the summary passes the neutrality and number rules."""
        context = context_of(info)
        article, reviewed = context.get("article"), context.get("reviewed")
        if article is None or reviewed is None:
            return self
        from summarizer.review import check_summary

        problems = check_summary(self.headline, self.summary, article, reviewed)
        if problems:
            listing = "\n".join(f"{i}. {p}" for i, p in enumerate(problems, start=1))
            raise ValueError(f"The summary breaks these rules; fix each one:\n{listing}")
        return self
