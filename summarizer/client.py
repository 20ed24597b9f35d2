"""The only module that talks to an LLM (the only importer of openai/instructor).

Two separate retry loops, on purpose:

* transport retries live in :class:`RetryingTransport`, below the openai client:
  429/5xx/timeouts/dropped connections are retried with backoff (honouring
  Retry-After) and a cap, decided by :func:`is_transient`. A read timeout of the
  embedded model is not retried (:meth:`RetryPolicy.for_backend`): at temperature 0 the
  same request takes as long again, and its bound already follows the measured speed;
* validation re-asks are instructor's ``max_retries``: the model's answer broke
  a validator, so the validator's message goes back to the model.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import json
import logging
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, Field, ValidationError

from summarizer.config import TIMEOUT_MARGIN, Backend, Mode
from summarizer.errors import BackendError, ExtractionError, ProbeFailed
from summarizer.transport import RetryingTransport as RetryingTransport
from summarizer.transport import RetryPolicy as RetryPolicy
from summarizer.transport import stop_retrying as stop_retrying
from summarizer.validation import validation_context

try:  # openai >= 3 ships on the httpx2 fork; older releases on httpx
    import httpx2 as httpx  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the installed openai
    import httpx  # type: ignore[no-redef,unused-ignore]

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)

_MODES = {
    Mode.TOOLS: instructor.Mode.TOOLS,
    Mode.JSON_SCHEMA: instructor.Mode.JSON_SCHEMA,
    Mode.JSON: instructor.Mode.JSON,
}


@dataclass
class CallStats:
    """What one structured call cost, over all its attempts."""

    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    last_output: str | None = None
    finish_reason: str | None = None  # of the last answer ("length": cut at max_tokens)
    outputs: list[str] = field(default_factory=list)  # every attempt's raw answer
    errors: list[str] = field(default_factory=list)

    def record(self, response: Any) -> None:
        self.attempts += 1
        with contextlib.suppress(AttributeError, IndexError, TypeError):
            self.finish_reason = response.choices[0].finish_reason
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
            self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)
        self.last_output = raw_output(response)
        if self.last_output is not None:
            self.outputs.append(self.last_output)

    def add(self, other: dict[str, Any]) -> None:
        """Fold in another call's accounting (``as_dict`` or an error's usage context)."""
        usage = other.get("usage", other)
        self.attempts += int(other.get("attempts", 0) or 0)
        self.prompt_tokens += int(usage.get("prompt_tokens", 0) or 0)
        self.completion_tokens += int(usage.get("completion_tokens", 0) or 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "attempts": self.attempts,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "seconds": round(self.seconds, 3),
        }


_CURRENT_STATS: contextvars.ContextVar[CallStats | None] = contextvars.ContextVar(
    "call_stats", default=None
)


def _on_response(response: Any, *_: Any, **__: Any) -> None:
    if (stats := _CURRENT_STATS.get()) is not None:
        stats.record(response)


def _on_parse_error(exc: Any, *_: Any, **__: Any) -> None:
    if (stats := _CURRENT_STATS.get()) is not None:
        stats.errors.append(str(exc))


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Loading the CA bundle takes ~30 ms; one context serves every client."""
    return ssl.create_default_context()


@functools.cache
def _wrapped(model: type[T]) -> type[T]:
    """Instructor wraps the response model in a fresh subclass on every call, so its
    per-class schema cache never hits (~3 ms per call); a class wrapped once hits it."""
    try:
        from instructor.v2.core.function_calls import response_schema
    except ImportError:  # pragma: no cover - another instructor layout: no shortcut
        return model
    return response_schema(model)


def raw_output(response: Any) -> str | None:
    """The model's structured answer as text, whatever the mode."""
    try:
        message = response.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return str(calls[0].function.arguments)
    content = getattr(message, "content", None)
    return str(content) if content is not None else None


class ProbeAnswer(BaseModel):
    """Tiny schema for the start-up probe: one int and one enum to constrain."""

    count: int = Field(description="how many soldiers returned, as digits")
    weekday: str = Field(
        description="the weekday named, lower case",
        pattern="^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$",
    )


class LLMClient:
    """One backend, one HTTP connection pool, structured calls with accounting.

    With *connect*, the backend is made live on the first structured call, not before:
    *connect* (called once, whichever thread asks first) returns the backend to send to,
    e.g. the embedded model's server started only when a question needs it. Until then
    ``backend`` is the one given."""

    def __init__(
        self,
        backend: Backend,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        *,
        connect: Callable[[], Backend] | None = None,
    ) -> None:
        if not backend.base_url and connect is None:
            raise BackendError("backend has no base URL; start the local server first")
        self.backend = backend
        self._described = backend.describe()
        self._policy = policy
        self._sleep = sleep
        self._connect = connect
        self._lock = threading.Lock()
        self._http: httpx.Client | None = None
        self._openai: openai.OpenAI | None = None
        self._instructor: instructor.Instructor | None = None
        if connect is None:
            self._open(backend)

    def _open(self, backend: Backend) -> instructor.Instructor:
        inner = httpx.HTTPTransport(verify=_tls_context())
        policy = self._policy or RetryPolicy.for_backend(backend)
        transport = RetryingTransport(inner, policy, self._sleep)
        # each structured call passes its own timeout (request_timeout); this one is for
        # anything else the client sends
        fallback = backend.request_timeout(0, backend.max_tokens)
        http = httpx.Client(transport=transport, timeout=fallback)
        client = openai.OpenAI(
            base_url=backend.base_url,
            api_key=backend.api_key,
            max_retries=0,
            timeout=fallback,
            http_client=http,
        )
        # one patched client (building one costs ~3 ms); its hooks report to the
        # CallStats of whichever call is running in the current thread
        patched = instructor.from_openai(client, mode=_MODES[backend.mode])
        patched.on("completion:response", _on_response)
        patched.on("parse:error", _on_parse_error)
        self.backend, self._http, self._openai = backend, http, client
        self._instructor = patched
        return patched

    def _ready(self) -> instructor.Instructor:
        """The patched client, connecting first if this is the first call."""
        if self._instructor is not None:
            return self._instructor
        with self._lock:
            if self._instructor is not None:
                return self._instructor
            assert self._connect is not None
            return self._open(self._connect())

    def describe(self) -> str:
        """The backend as configured, for provenance: the same for every article of a
        run, whether or not a request has started the local server yet."""
        return self._described

    def close(self) -> None:
        if self._openai is not None:
            self._openai.close()

    def structured(
        self,
        response_model: type[T],
        messages: list[dict[str, str]],
        *,
        context: dict[str, Any] | None = None,
        max_reasks: int = 2,
        max_tokens: int | None = None,
    ) -> tuple[T, CallStats]:
        """Ask for *response_model*; re-ask up to *max_reasks* times on validation errors.

        Each request's timeout is the backend's (``Backend.request_timeout``): fixed for a
        remote server, derived from *max_tokens* and the measured speeds for ours."""
        client = self._ready()
        stats = CallStats()
        started = time.monotonic()
        token = _CURRENT_STATS.set(stats)
        wrapped = _wrapped(response_model)
        limit = max_tokens or self.backend.max_tokens
        prompt_chars = sum(len(str(m.get("content") or "")) for m in messages)
        timeout = self.backend.request_timeout(prompt_chars + _schema_chars(response_model), limit)
        try:
            with validation_context(context):  # not instructor's context=: see validation.py
                result = client.chat.completions.create(
                    model=self.backend.model,
                    response_model=wrapped,
                    messages=messages,  # type: ignore[arg-type]
                    max_retries=max_reasks,
                    max_tokens=limit,
                    temperature=0.0,
                    timeout=timeout,
                )
        except IncompleteOutputException as exc:
            raise cut_off_error(stats, limit) from exc
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if isinstance(cause, openai.APIError):
                raise self._backend_error(cause, stats, timeout) from exc
            if stats.finish_reason == "length":  # JSON cut mid-way fails to parse first
                raise cut_off_error(stats, limit) from exc
            if not stats.outputs:  # no response ever carried an answer: the server's fault
                raise BackendError(
                    f"LLM backend {self.backend.describe()} answered with a body that is not "
                    f"a JSON chat completion ({_first_line(str(cause or exc))}); is the base URL "
                    "an OpenAI-compatible API?",
                    base_url=self.backend.base_url,
                    attempts=stats.attempts,
                ) from exc
            raise ExtractionError(
                f"the model's answer still broke the schema after {stats.attempts} attempt(s): "
                f"{_first_line(str(cause or exc))}",
                attempts=stats.attempts,
                usage=stats.as_dict(),
                last_output=stats.last_output,
                outputs=list(stats.outputs),
                errors=list(stats.errors),
            ) from exc
        except openai.APIError as exc:
            raise self._backend_error(exc, stats, timeout) from exc
        except ValidationError as exc:  # pragma: no cover - instructor wraps these
            raise ExtractionError(str(exc), attempts=stats.attempts) from exc
        finally:
            stats.seconds = time.monotonic() - started
            _CURRENT_STATS.reset(token)
        return result, stats

    def _backend_error(
        self, exc: openai.APIError, stats: CallStats, timeout: float
    ) -> BackendError:
        status = getattr(exc, "status_code", None)
        where = self.backend.describe()
        if isinstance(exc, openai.APITimeoutError):
            shown = f"{timeout:.0f}" if timeout >= 10 else f"{timeout:g}"
            why = f"timed out after {shown}s" + self._timeout_reason()
        elif isinstance(exc, openai.APIConnectionError):
            why = "could not connect (is the server running?)"
        elif isinstance(exc, openai.AuthenticationError):
            why = "rejected the API key (check OPENAI_API_KEY)"
        else:
            why = f"answered HTTP {status}: {_first_line(str(exc))}"
        return BackendError(
            f"LLM backend {where} {why}",
            status=status,
            base_url=self.backend.base_url,
            attempts=stats.attempts,
            usage=stats.as_dict(),
        )

    def _timeout_reason(self) -> str:
        backend = self.backend
        if backend.timeout is not None:
            return " (the configured timeout; raise it with SUMMARIZER_TIMEOUT)"
        measured = (
            f"{backend.speeds.prompt_tokens_per_s:g} prompt and "
            f"{backend.speeds.generation_tokens_per_s:g} generated tokens/s measured at "
            "the server's start"
            if backend.speeds
            else "no measured speed"
        )
        return (
            f" (a bound from the prompt, max_tokens and {measured}, with a {TIMEOUT_MARGIN:g}x "
            "margin); not sent again: the local model would spend as long on the same "
            "request. The machine may be overloaded; set a fixed timeout or lower max_tokens"
        )

    def probe(self) -> tuple[ProbeAnswer, float]:
        """Prove the backend returns schema-conformant output; returns answer and seconds."""
        messages = [
            {"role": "system", "content": "Extract the requested fields."},
            {"role": "user", "content": "On Friday, 12 soldiers returned home."},
        ]
        started = time.monotonic()
        try:
            answer, _ = self.structured(ProbeAnswer, messages, max_reasks=0, max_tokens=64)
        except ExtractionError as exc:
            raise ProbeFailed(
                f"{self.backend.describe()} answered but not in the requested schema "
                f"({exc}); the server may not support constrained output in mode "
                f"{self.backend.mode.value}: try the tools or the json_schema mode",
                options=("mode",),
                last_output=exc.context.get("last_output"),
            ) from exc
        return answer, time.monotonic() - started


@functools.cache
def _schema_chars(model: type[BaseModel]) -> int:
    """Characters of the schema a tool call puts into the prompt (over-counted for
    json_schema mode, where it becomes a grammar: a bound may be generous)."""
    try:
        return len(json.dumps(model.model_json_schema()))
    except Exception:  # pragma: no cover - a model pydantic cannot describe
        return 0


def repeated_tail(text: str, *, min_repeats: int = 3, min_span: int = 60) -> str | None:
    """The unit a text ends by repeating (a runaway generation), if any: the shortest
    period whose copies cover at least *min_span* characters of the tail."""
    tail = text[-4000:]
    for period in range(2, min(400, len(tail) // min_repeats) + 1):
        unit, count, end = tail[-period:], 1, len(tail) - period
        while end >= period and tail[end - period : end] == unit:
            count, end = count + 1, end - period
        if count >= min_repeats and count * period >= min_span:
            return unit
    return None


def cut_off_error(stats: CallStats, max_tokens: int) -> ExtractionError:
    """finish_reason "length": say whether the model ran away repeating itself (a re-ask
    or retry would repeat it again) or the answer was simply longer than the cap."""
    unit = repeated_tail(stats.last_output or "")
    if unit is not None:
        shown = " ".join(unit.split())[:80]
        message = (
            f"the model's answer ran away: it repeated {shown!r} until max_tokens={max_tokens} "
            "cut it off; the answer was dropped (the same request would repeat it again)"
        )
    else:
        message = (
            f"the model's answer was cut off at max_tokens={max_tokens}; "
            "raise max_tokens or use a shorter article"
        )
    return ExtractionError(
        message,
        attempts=stats.attempts,
        usage=stats.as_dict(),
        last_output=stats.last_output,
        runaway=unit is not None,
    )


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0][:300] if lines else ""
