"""Which LLM backend to talk to: CLI flag > environment > embedded local model.

The API key is never accepted as a command-line value (it would land in shell
history and ``ps``); it comes from the environment only and is kept out of
``repr`` so it cannot reach a log line by accident.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlparse

from summarizer.errors import ConfigError
from summarizer.modelstore import DEFAULT_MODEL, MODELS

OPENAI_URL = "https://api.openai.com/v1"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"


class BackendKind(StrEnum):
    LOCAL = "local"  # the embedded llama-cpp-python server we start ourselves
    OPENAI = "openai"  # api.openai.com
    COMPATIBLE = "compatible"  # Ollama, vLLM, a llama.cpp server someone else runs


class Mode(StrEnum):
    """Structured-output modes we support (names follow instructor's)."""

    TOOLS = "tools"
    JSON_SCHEMA = "json_schema"
    JSON = "json"


@dataclass(frozen=True)
class Backend:
    kind: BackendKind
    model: str
    base_url: str | None  # None for LOCAL until the server is up
    mode: Mode
    api_key: str = field(default="not-needed", repr=False)
    timeout: float = 300.0
    max_tokens: int = 1536
    model_file: str | None = None

    def with_base_url(self, base_url: str) -> Backend:
        return Backend(
            self.kind,
            self.model,
            base_url,
            self.mode,
            self.api_key,
            self.timeout,
            self.max_tokens,
            self.model_file,
        )

    def describe(self) -> str:
        """Safe for logs and provenance: no key."""
        return f"{self.kind.value}:{self.model}@{self.base_url or 'embedded'}"


def default_max_reasks(backend: Backend) -> int:
    """Re-asks pay off on capable models. On the embedded 1.5B model they cost 2.5x the
    tokens and made answers worse (transfer F1 0.35 with one re-ask, 0.39 without, on the
    eval set: docs/benchmarks.md), so there a broken item is dropped and a broken summary
    rebuilt from the records."""
    return 0 if backend.kind is BackendKind.LOCAL else 1


def _default_mode(kind: BackendKind) -> Mode:
    # llama-cpp-python answers json_schema response formats with HTTP 500, but turns
    # a forced tool call into a grammar; OpenAI enforces json_schema natively.
    return Mode.JSON_SCHEMA if kind is BackendKind.OPENAI else Mode.TOOLS


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
        raise ConfigError("--local and --base-url contradict each other; pass one of them")

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
                f"which model should {url} serve? pass --model NAME "
                "(or set SUMMARIZER_MODEL), e.g. --model llama3.1:8b"
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
        timeout=timeout if timeout is not None else 300.0,
        max_tokens=max_tokens or 1536,
        model_file=model_file,
    )
