"""The physical floor: what the server needs just to read the article and write the gold
digest, at the prompt and generation speeds measured in the same run with plain
completions (no chat template, no grammar, no schema)."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

COUNTING_PROMPT = "Count from one to three hundred in digits, comma separated: 1, 2, 3, 4, 5,"


@dataclass
class Speeds:
    prompt_tokens_per_s: float
    generation_tokens_per_s: float
    prompt_sample_tokens: int
    generation_sample_tokens: int


def _root(base_url: str) -> str:
    root = base_url.rstrip("/")
    return root[: -len("/v1")] if root.endswith("/v1") else root


def _complete(http: httpx.Client, base_url: str, model: str, prompt: str, n: int) -> Any:
    started = time.monotonic()
    response = http.post(
        f"{base_url.rstrip('/')}/completions",
        json={"model": model, "prompt": prompt, "max_tokens": n, "temperature": 0},
    )
    response.raise_for_status()
    return response.json(), time.monotonic() - started


def count_tokens(http: httpx.Client, base_url: str, text: str) -> int:
    """Tokens in *text* by the server's own tokenizer (llama.cpp's ``/tokenize``, else
    llama-cpp-python's extras route)."""
    response = http.post(f"{_root(base_url)}/tokenize", json={"content": text})
    if response.status_code == 200:
        return len(response.json()["tokens"])
    response = http.post(f"{_root(base_url)}/extras/tokenize/count", json={"input": text})
    response.raise_for_status()
    return int(response.json()["count"])


def measure_speeds(
    http: httpx.Client, base_url: str, model: str, articles: list[str], gen_tokens: int = 200
) -> tuple[Speeds, list[int]]:
    """Prompt speed from reading each article once (max_tokens=1); generation speed from a
    long continuation of an already-cached prompt, minus the same request for one token."""
    article_tokens, seconds = [], 0.0
    for text in articles:
        body, elapsed = _complete(http, base_url, model, text, 1)
        article_tokens.append(int(body["usage"]["prompt_tokens"]))
        seconds += elapsed
    _complete(http, base_url, model, COUNTING_PROMPT, 1)  # warm: the prompt is now cached
    _, one = _complete(http, base_url, model, COUNTING_PROMPT, 1)
    body, many = _complete(http, base_url, model, COUNTING_PROMPT, gen_tokens)
    generated = int(body["usage"]["completion_tokens"])
    speeds = Speeds(
        prompt_tokens_per_s=sum(article_tokens) / seconds,
        generation_tokens_per_s=(generated - 1) / max(many - one, 1e-6),
        prompt_sample_tokens=sum(article_tokens),
        generation_sample_tokens=generated,
    )
    return speeds, article_tokens


def gold_digest_text(gold: dict[str, Any]) -> str:
    """The gold records as compact JSON: the least a model must write for this article."""
    records = {"events": gold.get("events") or [], "figures": gold.get("figures") or []}
    return json.dumps(records, ensure_ascii=False, separators=(",", ":"), default=str)


def floor_seconds(article_tokens: int, gold_tokens: int, speeds: Speeds) -> float:
    return (
        article_tokens / speeds.prompt_tokens_per_s + gold_tokens / speeds.generation_tokens_per_s
    )


def prompt_seconds(call: Callable[[], object]) -> float:
    """Seconds for one of our requests cut at one generated token (the answer is cut
    off, which the client reports as an error: only the time matters here)."""
    started = time.monotonic()
    with contextlib.suppress(Exception):
        call()
    return time.monotonic() - started


def measure_prefix_reuse(
    http: httpx.Client,
    base_url: str,
    model: str,
    first: Callable[[], object],
    second: Callable[[], object],
) -> dict[str, float]:
    """The same article's request with the shared prompt prefix cold and warm.

    The server keeps the last prompt's KV cache and reuses its longest common prefix:
    after *first* (another article, same system prompt and schema) *second* pays only
    for its own tokens."""
    _complete(http, base_url, model, "An unrelated text evicts the cached prefix.", 1)
    cold = prompt_seconds(second)
    prompt_seconds(first)
    warm = prompt_seconds(second)
    return {"cold_seconds": round(cold, 2), "warm_seconds": round(warm, 2)}
