"""Peer: Google's ``langextract`` (1.x) pointed at the same local OpenAI-compatible server.

What a user gets from langextract out of the box with a sensible prompt and one
few-shot example: one extraction class ``transfer`` whose text is the span that
states a handover and whose attributes carry the contract fields. Each
extraction becomes one transfer; transfers are grouped into events by the
project's own ``group_events`` (same status and pair of sides; langextract gives
no dates, mediators or locations); party names go through ``normalize_party``.
Nothing else: no re-asks, no grounding checks, no figures, no summary.

Settings that matter against a llama.cpp / llama-cpp-python server:

* The model id must be routed to the OpenAI provider explicitly
  (``ModelConfig(provider="OpenAILanguageModel")``): langextract routes ids that
  start with ``qwen``/``llama``/... to its Ollama provider.
* ``use_schema_constraints=False``: with it on, the OpenAI provider sends
  ``response_format={"type": "json_schema", ...}``, which llama-cpp-python rejects
  with HTTP 500 ("Input should be 'text' or 'json_object'"; the SDK retries it twice).
  Without a schema the provider sends ``{"type": "json_object"}`` (JSON mode),
  which the server honours; ``fence_output=False`` then matches the raw JSON.
* On the ``config=`` path, ``extract()`` does not forward ``temperature`` or
  ``max_workers`` to the provider: they go in ``provider_kwargs``. The
  provider's own ``max_workers`` defaults to 10 parallel requests.
* langextract exposes no token usage (its ``ScoredOutput`` keeps only the text),
  and its OpenAI client uses the SDK defaults (600 s timeout, 2 retries).
"""

from __future__ import annotations

import datetime as dt
import time
from importlib.metadata import version
from typing import Any

import langextract as lx
from langextract import factory
from langextract import prompt_validation as pv
from langextract.chunking import ChunkIterator
from langextract.core.data import Extraction
from langextract.core.tokenizer import RegexTokenizer

from summarizer.normalize import normalize_party, words_to_int
from summarizer.oneshot.assemble import group_events
from summarizer.oneshot.review import EventInfo
from summarizer.schemas import (
    SCHEMA_VERSION,
    Digest,
    Provenance,
    Summary,
    Transfer,
)

PROMPT_VERSION = "langextract-peer-1"
CATEGORIES = ("remains", "prisoners_of_war", "civilians", "hostages", "detainees", "mixed")
STATUSES = ("completed", "announced", "proposed")

# 5,000 characters keeps all but the longest eval article in one chunk (~1.3k
# tokens) inside the server's 8k context; langextract's default is 1,000.
MAX_CHAR_BUFFER = 5000
EXTRACTION_PASSES = 1
MAX_WORKERS = 1  # the server has one slot
TEMPERATURE = 0.0
MAX_OUTPUT_TOKENS = 1536  # as the pipeline's default max_tokens

# Small local models are very sensitive to this wording: a rephrasing that says "skip
# sentences that state no handover" made Qwen2.5-Coder-1.5B answer {"extractions": []}.
PROMPT = """\
Extract every handover of people or remains between two sides: prisoners of war, hostages, \
civilians, detainees or the bodies of the dead. Use the exact words of the text that state it.
Attributes: from = the side that handed over; to = the side that received; category = one of \
remains, prisoners_of_war, civilians, hostages, detainees, mixed; count = the number stated, as \
digits (null if none); reported_by = the sources the text credits for the number (empty if none).
status = completed (it took place), announced (agreed or scheduled) or proposed (offered only).
One extraction per direction and per source of a figure; do not invent a return flow."""

_EXAMPLE_TEXT = (
    "Borvia handed over 25 Ardanian prisoners of war on Tuesday, the Ardanian defence "
    "ministry said. Borvia's foreign ministry said Ardania would return the bodies of 30 "
    "Borvian soldiers next week. The Red Cross facilitated the exchange."
)

EXAMPLES = [
    lx.data.ExampleData(
        text=_EXAMPLE_TEXT,
        extractions=[
            Extraction(
                extraction_class="transfer",
                extraction_text="Borvia handed over 25 Ardanian prisoners of war on Tuesday",
                attributes={
                    "from": "Borvia",
                    "to": "Ardania",
                    "category": "prisoners_of_war",
                    "count": 25,  # type: ignore[dict-item,unused-ignore]  # JSON number
                    "reported_by": ["Ardanian defence ministry"],
                    "status": "completed",
                },
            ),
            Extraction(
                extraction_class="transfer",
                extraction_text="Ardania would return the bodies of 30 Borvian soldiers",
                attributes={
                    "from": "Ardania",
                    "to": "Borvia",
                    "category": "remains",
                    "count": 30,  # type: ignore[dict-item,unused-ignore]
                    "reported_by": ["Borvia's foreign ministry"],
                    "status": "announced",
                },
            ),
        ],
    )
]


def _count(value: Any) -> int | None:
    """The model's count as an int: JSON number, digit string ("1,212") or words."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = str(value).strip().replace(",", "")
    if text.isdigit():
        return int(text)
    return words_to_int(text)


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in items if str(v).strip()]


def _evidence(extraction: Extraction, text: str) -> str:
    """The aligned source span when langextract grounded it, else the model's text."""
    interval = extraction.char_interval
    if interval and interval.start_pos is not None and interval.end_pos is not None:
        return text[interval.start_pos : interval.end_pos]
    return str(extraction.extraction_text)


def _transfer(
    extraction: Extraction, text: str, warnings: list[str]
) -> tuple[Transfer, EventInfo] | None:
    """One extraction → one transfer; None (with a warning) when it cannot be one."""
    attrs: dict[str, Any] = dict(extraction.attributes or {})
    source, target = str(attrs.get("from") or "").strip(), str(attrs.get("to") or "").strip()
    category = str(attrs.get("category") or "").strip().lower().replace(" ", "_")
    status = str(attrs.get("status") or "").strip().lower()
    if not source or not target:
        warnings.append(f"dropped {extraction.extraction_text!r}: no from/to")
        return None
    if category not in CATEGORIES:
        warnings.append(f"dropped {extraction.extraction_text!r}: category {category!r}")
        return None
    if status not in STATUSES:
        warnings.append(f"status {status!r} of {extraction.extraction_text!r} -> completed")
        status = "completed"
    transfer = Transfer.model_validate(
        {
            "from": normalize_party(source),
            "to": normalize_party(target),
            "category": category,
            "count": _count(attrs.get("count")),
            "reported_by": _names(attrs.get("reported_by")),
            "evidence": _evidence(extraction, text),
        }
    )
    return transfer, EventInfo(status, None, None, (), None)


def _calls(text: str) -> int:
    """How many model requests langextract makes for *text* (chunks × passes)."""
    chunks = sum(1 for _ in ChunkIterator(text, MAX_CHAR_BUFFER, RegexTokenizer()))
    return chunks * EXTRACTION_PASSES


def digest_with_langextract(
    text: str,
    *,
    base_url: str,
    model: str,
    published: dt.date | None,
    source: str | None,
    article_id: str,
) -> dict[str, Any]:
    """A contract digest (JSON shape) from one langextract run; its errors propagate."""
    config = factory.ModelConfig(
        model_id=model,
        provider="OpenAILanguageModel",
        provider_kwargs={
            "base_url": base_url,
            "api_key": "not-needed",
            "temperature": TEMPERATURE,
            "max_workers": MAX_WORKERS,
            "max_output_tokens": MAX_OUTPUT_TOKENS,
        },
    )
    started = time.monotonic()
    result = lx.extract(
        text,
        prompt_description=PROMPT,
        examples=EXAMPLES,
        config=config,
        use_schema_constraints=False,
        fence_output=False,
        max_char_buffer=MAX_CHAR_BUFFER,
        extraction_passes=EXTRACTION_PASSES,
        max_workers=MAX_WORKERS,
        batch_length=MAX_WORKERS,
        # raise on unparseable model output instead of silently dropping the chunk
        resolver_params={"suppress_parse_errors": False},
        prompt_validation_level=pv.PromptValidationLevel.ERROR,
        show_progress=False,
    )
    seconds = time.monotonic() - started
    assert isinstance(result, lx.data.AnnotatedDocument)
    warnings: list[str] = []
    items = [
        item
        for extraction in result.extractions or []
        if extraction.extraction_class == "transfer"
        and (item := _transfer(extraction, text, warnings)) is not None
    ]
    events = group_events(items, published, warnings)
    # langextract extracts spans and writes no summary: a fixed, number-free placeholder
    # keeps the digest valid without crediting or penalising it for prose it never wrote.
    summary = Summary(
        headline="No summary (langextract extracts spans only)",
        text="langextract does not write summaries. The records above are its extractions.",
    )
    digest = Digest(
        article_id=article_id,
        published=published,
        source=source,
        events=events,
        figures=[],
        summary=summary,
        provenance=Provenance(
            model=model,
            backend=f"langextract {version('langextract')}",
            prompt_version=PROMPT_VERSION,
            schema_version=SCHEMA_VERSION,
            schema_hash="",
            attempts=_calls(text),
            seconds=round(seconds, 3),
            warnings=warnings,
        ),
    )
    return digest.to_json_dict()
