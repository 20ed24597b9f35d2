"""How fast the local server is on this machine, measured once at its start.

One tiny chat request (a short prompt, a few dozen generated tokens) gives prompt and
generation tokens/s from the server's own ``timings`` (llama.cpp reports them with every
answer). Those speeds bound each later request's time, so a machine three times slower
gets bounds three times longer instead of a fixed 300 s guess; they are stored in
``speeds.json`` beside ``server.json`` for ``summarizer model status``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from pathlib import Path
from typing import Any

import httpx

from summarizer.config import Speeds
from summarizer.local.modelstore import cache_dir
from summarizer.recording import HOUSEKEEPING_HEADER

log = logging.getLogger(__name__)

# written for this purpose: ordinary prose of the kind the model reads, then a count
# whose continuation is predictable enough to run to max_tokens
WARMUP_MESSAGES = [
    {
        "role": "system",
        "content": "You continue lists exactly as asked, with no other words.",
    },
    {
        "role": "user",
        "content": (
            "The committee met on Tuesday morning to review the harbour repairs, the new "
            "ferry timetable and the budget for the winter season. After a short debate "
            "the members agreed to publish the figures next week. Now count from one to "
            "sixty in digits, separated by commas and spaces."
        ),
    },
]
WARMUP_TOKENS = 32
WARMUP_TIMEOUT = 300.0


def speeds_file() -> Path:
    return cache_dir() / "speeds.json"


def measure_speeds(base_url: str, model: str, timeout: float = WARMUP_TIMEOUT) -> Speeds | None:
    """Speeds from one warm-up request; None (and a log line) when the server gives none."""
    body = {
        "model": model,
        "messages": WARMUP_MESSAGES,
        "max_tokens": WARMUP_TOKENS,
        "temperature": 0,
        "cache_prompt": False,  # evaluate the prompt: that is what we time
    }
    started = time.monotonic()
    try:
        response = httpx.post(
            f"{base_url}/chat/completions",
            json=body,
            timeout=timeout,
            trust_env=False,
            headers={HOUSEKEEPING_HEADER: "warm-up"},  # never recorded in a cassette
        )
        response.raise_for_status()
        answer = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        log.warning("could not measure the local server's speed (%s)", exc)
        return None
    return speeds_from(answer, time.monotonic() - started)


def speeds_from(answer: dict[str, Any], seconds: float) -> Speeds | None:
    """The server's ``timings``; without them, each token count over the whole wall time
    (a lower bound of each speed, so the bounds that follow are only more generous)."""
    timings = answer.get("timings") or {}
    prompt = float(timings.get("prompt_per_second") or 0)
    generation = float(timings.get("predicted_per_second") or 0)
    if prompt > 0 and generation > 0:
        return Speeds(round(prompt, 2), round(generation, 2))
    usage = answer.get("usage") or {}
    prompt_tokens = int(usage.get("prompt_tokens") or 0)
    completion_tokens = int(usage.get("completion_tokens") or 0)
    if prompt_tokens <= 0 or completion_tokens <= 0 or seconds <= 0:
        return None
    return Speeds(round(prompt_tokens / seconds, 2), round(completion_tokens / seconds, 2))


def record_start(record: dict[str, Any]) -> None:
    """Keep what the last start measured (runtime, CPU features, speeds) for ``status``."""
    with contextlib.suppress(OSError):
        speeds_file().parent.mkdir(parents=True, exist_ok=True)
        tmp = speeds_file().with_suffix(".tmp")
        tmp.write_text(json.dumps(record, indent=2))
        tmp.replace(speeds_file())


def last_start() -> dict[str, Any] | None:
    try:
        data = json.loads(speeds_file().read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
