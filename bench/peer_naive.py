"""The peer a user would write in ten lines: one instructor call with the contract's own
models, no grounding, no normalisation, no re-ask. Same server, same model, same caps."""

from __future__ import annotations

from typing import Any

import instructor
from openai import OpenAI
from pydantic import BaseModel

from summarizer.schemas import Event, Figure, Summary

PROMPT = (
    "Extract every exchange of prisoners of war, hostages, detainees or remains of the war "
    "dead from the news article: who handed over how many of what to whom, when, via whom, "
    "and according to whom. Also list other figures about people, and write a neutral "
    "headline and a summary of at most 120 words."
)


class NaiveDigest(BaseModel):
    events: list[Event]
    figures: list[Figure]
    summary: Summary


def digest_naively(
    text: str, *, base_url: str, model: str, max_tokens: int = 1536, timeout: float = 300.0
) -> dict[str, Any]:
    client = instructor.from_openai(
        OpenAI(base_url=base_url, api_key="not-needed", timeout=timeout, max_retries=0),
        mode=instructor.Mode.TOOLS,
    )
    answer = client.chat.completions.create(
        model=model,
        response_model=NaiveDigest,
        max_retries=0,
        max_tokens=max_tokens,
        temperature=0,
        messages=[{"role": "system", "content": PROMPT}, {"role": "user", "content": text}],
    )
    return answer.model_dump(mode="json", by_alias=True)
