"""Which LLM backend to talk to: CLI flag > environment > embedded local model.

The API key is never accepted as a command-line value (it would land in shell
history and ``ps``); it comes from the environment only and is kept out of
``repr`` so it cannot reach a log line by accident.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlparse

from summarizer.errors import ConfigError
from summarizer.model_catalog import DEFAULT_MODEL, MODELS

OPENAI_URL = "https://api.openai.com/v1"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
REMOTE_TIMEOUT = 300.0  # seconds per request to a server we do not run
# A local request's bound when no speed was measured (a server someone else started):
LOCAL_FALLBACK_TIMEOUT = 900.0
# Measured speeds come from a tiny warm-up request: a long prompt under a grammar runs
# slower (docs/benchmarks.md), a shared machine drifts; the bound is this many times the
# expected time, plus a constant for the HTTP round trip and the slot's start.
TIMEOUT_MARGIN = 3.0
TIMEOUT_FLOOR = 30.0
CHARS_PER_TOKEN = 3.0  # conservative: English prose is ~4 characters a token, JSON less


class BackendKind(StrEnum):
    LOCAL = "local"  # the embedded llama.cpp server (xllamacpp) we start ourselves
    OPENAI = "openai"  # api.openai.com
    COMPATIBLE = "compatible"  # Ollama, vLLM, a llama.cpp server someone else runs


class Mode(StrEnum):
    """Structured-output modes we support (names follow instructor's)."""

    TOOLS = "tools"
    JSON_SCHEMA = "json_schema"
    JSON = "json"


@dataclass(frozen=True)
class Speeds:
    """Tokens per second a server reached on this machine (measured at its start)."""

    prompt_tokens_per_s: float
    generation_tokens_per_s: float

    def request_timeout(self, prompt_chars: int, max_tokens: int, parallel: int = 1) -> float:
        """Seconds one request may take: its prompt and its whole *max_tokens* at these
        speeds, shared with *parallel* requests in flight, times a generous margin."""
        expected = (
            prompt_chars / CHARS_PER_TOKEN / self.prompt_tokens_per_s
            + max_tokens / self.generation_tokens_per_s
        ) * max(1, parallel)
        return TIMEOUT_MARGIN * expected + TIMEOUT_FLOOR


@dataclass(frozen=True)
class Backend:
    kind: BackendKind
    model: str
    base_url: str | None  # None for LOCAL until the server is up
    mode: Mode
    api_key: str = field(default="not-needed", repr=False)
    timeout: float | None = REMOTE_TIMEOUT  # None: derived per request (local server)
    max_tokens: int = 1536
    model_file: str | None = None
    parallel: int = 1  # requests that may share the server at once (its slots)
    speeds: Speeds | None = None  # measured when we started the local server

    def with_base_url(self, base_url: str) -> Backend:
        return dataclasses.replace(self, base_url=base_url)

    def describe(self) -> str:
        """Safe for logs and provenance: no key."""
        return f"{self.kind.value}:{self.model}@{self.base_url or 'embedded'}"

    def request_timeout(self, prompt_chars: int, max_tokens: int) -> float:
        """A fixed timeout when one was given; else one that follows the measured speeds."""
        if self.timeout is not None:
            return self.timeout
        if self.speeds is None:
            return LOCAL_FALLBACK_TIMEOUT
        return self.speeds.request_timeout(prompt_chars, max_tokens, self.parallel)


def default_max_reasks(backend: Backend) -> int:
    """Re-asks pay off on capable models. On the embedded 1.5B model they cost 2.5x the
    tokens and made answers worse (transfer F1 0.35 with one re-ask, 0.39 without, on the
    eval set: docs/benchmarks.md), so there a broken item is dropped and a broken summary
    rebuilt from the records."""
    return 0 if backend.kind is BackendKind.LOCAL else 1


def _default_mode(kind: BackendKind) -> Mode:
    # OpenAI and the embedded llama.cpp server turn a json_schema response format into
    # constrained output (fewer tokens than a tool call: docs/decisions.md). A server we
    # do not know gets tools: llama-cpp-python's answers json_schema with HTTP 500 but
    # turns a forced tool call into a grammar, and most others accept tools.
    return Mode.TOOLS if kind is BackendKind.COMPATIBLE else Mode.JSON_SCHEMA


def _default_timeout(kind: BackendKind) -> float | None:
    # a local request is bounded by its max_tokens at the speed measured at the
    # server's start (Backend.request_timeout); a remote one by a fixed guess
    return None if kind is BackendKind.LOCAL else REMOTE_TIMEOUT


def select_backend(
    *,
    base_url: str | None = None,
    model: str | None = None,
    mode: str | None = None,
    local: bool = False,
    model_file: str | None = None,
    timeout: float | None = None,
    max_tokens: int | None = None,
    env: Mapping[str, str] | None = None,
) -> Backend:
    """Resolve flags and environment into one Backend (see module docstring)."""
    env = os.environ if env is None else env
    key = env.get("SUMMARIZER_API_KEY") or env.get("OPENAI_API_KEY")
    if local and base_url:
        raise ConfigError(
            "the embedded model and a base URL contradict each other; choose one of them",
            options=("local", "base_url"),
        )

    url = (
        None
        if local
        else (base_url or env.get("SUMMARIZER_BASE_URL") or env.get("OPENAI_BASE_URL"))
    )
    if model_file:
        url = None  # a GGUF file only makes sense for the embedded server
    if url:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ConfigError(
                f"base URL {url!r} is not an http(s) URL; e.g. http://127.0.0.1:11434/v1 for Ollama"
            )
        kind = BackendKind.OPENAI if parsed.netloc == "api.openai.com" else BackendKind.COMPATIBLE
    elif key and not local and not model_file:
        kind, url = BackendKind.OPENAI, OPENAI_URL
    else:
        kind = BackendKind.LOCAL

    env_model = env.get("SUMMARIZER_MODEL")
    if kind is BackendKind.LOCAL and env_model not in MODELS:
        env_model = None  # e.g. an Ollama tag set for another backend; not a local GGUF
    chosen_model = model or env_model
    if not chosen_model:
        if kind is BackendKind.LOCAL:
            chosen_model = DEFAULT_MODEL
        elif kind is BackendKind.OPENAI:
            chosen_model = DEFAULT_OPENAI_MODEL
        else:
            raise ConfigError(
                f"which model should {url} serve? name it (or set SUMMARIZER_MODEL), "
                "e.g. llama3.1:8b",
                options=("model",),
            )
    if kind is BackendKind.OPENAI and not key:
        raise ConfigError("api.openai.com needs a key: set OPENAI_API_KEY in the environment")

    mode_name = mode or env.get("SUMMARIZER_MODE")
    try:
        chosen_mode = Mode(mode_name) if mode_name else _default_mode(kind)
    except ValueError:
        choices = ", ".join(m.value for m in Mode)
        raise ConfigError(f"unknown mode {mode_name!r}; choose one of {choices}") from None

    env_timeout = env.get("SUMMARIZER_TIMEOUT")
    if timeout is None and env_timeout:
        try:
            timeout = float(env_timeout)
        except ValueError:
            raise ConfigError(
                f"SUMMARIZER_TIMEOUT={env_timeout!r} is not a number of seconds"
            ) from None
    if timeout is not None and timeout <= 0:
        raise ConfigError(f"timeout must be a positive number of seconds, not {timeout}")
    return Backend(
        kind=kind,
        model=chosen_model,
        base_url=url,
        mode=chosen_mode,
        api_key=key if (key and kind is not BackendKind.LOCAL) else "not-needed",
        timeout=timeout if timeout is not None else _default_timeout(kind),
        max_tokens=max_tokens or 1536,
        model_file=model_file,
    )
