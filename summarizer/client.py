"""The only module that talks to an LLM (the only importer of openai/instructor).

Two separate retry loops, on purpose:

* transport retries live in :class:`RetryingTransport`, below the openai client:
  429/5xx/timeouts/dropped connections are retried with backoff (honouring
  Retry-After) and a cap, decided by :func:`is_transient`;
* validation re-asks are instructor's ``max_retries``: the model's answer broke
  a validator, so the validator's message goes back to the model.
"""

from __future__ import annotations

import contextlib
import contextvars
import email.utils
import functools
import logging
import random
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
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
)

from summarizer.config import Backend, Mode
from summarizer.errors import BackendError, ExtractionError, ProbeFailed
from summarizer.validation import validation_context

try:  # openai >= 3 ships on the httpx2 fork; older releases on httpx
    import httpx2 as httpx  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the installed openai
    import httpx  # type: ignore[no-redef,unused-ignore]

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)

TRANSIENT_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
_MODES = {
    Mode.TOOLS: instructor.Mode.TOOLS,
    Mode.JSON_SCHEMA: instructor.Mode.JSON_SCHEMA,
    Mode.JSON: instructor.Mode.JSON,
}


class TransientStatus(Exception):
    """A response whose status says "try again later"."""

    def __init__(self, response: Any) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response
        self.retry_after = _retry_after_seconds(response.headers.get("retry-after"))


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    with contextlib.suppress(ValueError):
        return max(0.0, float(value))
    with contextlib.suppress(TypeError, ValueError):
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    return None


_STOPPING = threading.Event()


def stop_retrying() -> None:
    """Interrupted (Ctrl-C, SIGTERM): no more transport retries in this process."""
    _STOPPING.set()


def is_transient(exc: BaseException) -> bool:
    """Could the same request succeed if sent again a little later?"""
    if _STOPPING.is_set():
        return False
    if isinstance(exc, TransientStatus):
        return True
    return isinstance(exc, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    max_wait: float = 30.0  # longest single wait, Retry-After included
    deadline: float = 600.0  # give up retrying after this many seconds in all
    initial_wait: float = 1.0


class RetryingTransport(httpx.BaseTransport):  # type: ignore[misc,name-defined,unused-ignore]
    """Retries transient failures of one HTTP request; reads the body inside the loop
    so a connection dropped mid-body is retried too."""

    def __init__(
        self, inner: Any, policy: RetryPolicy, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.inner = inner
        self.policy = policy
        self.sleep = sleep

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, TransientStatus) and exc.retry_after is not None:
            return min(exc.retry_after, self.policy.max_wait)
        backoff = self.policy.initial_wait * 2 ** (state.attempt_number - 1)
        return float(
            min(self.policy.max_wait, backoff + random.uniform(0, self.policy.initial_wait))
        )

    def _once(self, request: Any) -> Any:
        response = self.inner.handle_request(request)
        try:
            response.read()
        except BaseException:
            response.close()
            raise
        if response.status_code in TRANSIENT_STATUS:
            raise TransientStatus(response)
        return response

    def handle_request(self, request: Any) -> Any:
        retrying = Retrying(
            stop=stop_after_attempt(self.policy.attempts) | stop_after_delay(self.policy.deadline),
            wait=self._wait,
            retry=retry_if_exception(is_transient),
            sleep=self.sleep,
            reraise=True,
            before_sleep=lambda s: log.warning(
                "transient failure (%s), retrying request (attempt %d)",
                s.outcome.exception() if s.outcome else "?",
                s.attempt_number + 1,
            ),
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._once(request)
        except TransientStatus as exc:  # out of retries: let openai raise its own error
            return exc.response
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        self.inner.close()


@dataclass
class CallStats:
    """What one structured call cost, over all its attempts."""

    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    last_output: str | None = None
    outputs: list[str] = field(default_factory=list)  # every attempt's raw answer
    errors: list[str] = field(default_factory=list)

    def record(self, response: Any) -> None:
        self.attempts += 1
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
    """One backend, one HTTP connection pool, structured calls with accounting."""

    def __init__(
        self,
        backend: Backend,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not backend.base_url:
            raise BackendError("backend has no base URL; start the local server first")
        self.backend = backend
        inner = httpx.HTTPTransport(verify=_tls_context())
        transport = RetryingTransport(inner, policy or RetryPolicy(), sleep)
        self._http = httpx.Client(transport=transport, timeout=backend.timeout)
        self._openai = openai.OpenAI(
            base_url=backend.base_url,
            api_key=backend.api_key,
            max_retries=0,
            timeout=backend.timeout,
            http_client=self._http,
        )
        # one patched client (building one costs ~3 ms); its hooks report to the
        # CallStats of whichever call is running in the current thread
        self._instructor = instructor.from_openai(self._openai, mode=_MODES[backend.mode])
        self._instructor.on("completion:response", _on_response)
        self._instructor.on("parse:error", _on_parse_error)

    def close(self) -> None:
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
        """Ask for *response_model*; re-ask up to *max_reasks* times on validation errors."""
        stats = CallStats()
        started = time.monotonic()
        token = _CURRENT_STATS.set(stats)
        try:
            with validation_context(context):  # not instructor's context=: see validation.py
                result = self._instructor.chat.completions.create(
                    model=self.backend.model,
                    response_model=_wrapped(response_model),
                    messages=messages,  # type: ignore[arg-type]
                    max_retries=max_reasks,
                    max_tokens=max_tokens or self.backend.max_tokens,
                    temperature=0.0,
                )
        except IncompleteOutputException as exc:
            raise ExtractionError(
                "the model's answer was cut off at "
                f"max_tokens={max_tokens or self.backend.max_tokens}"
                "; raise --max-tokens or use a shorter article",
                attempts=stats.attempts,
                usage=stats.as_dict(),
                last_output=stats.last_output,
            ) from exc
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if isinstance(cause, openai.APIError):
                raise self._backend_error(cause, stats) from exc
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
            raise self._backend_error(exc, stats) from exc
        except ValidationError as exc:  # pragma: no cover - instructor wraps these
            raise ExtractionError(str(exc), attempts=stats.attempts) from exc
        finally:
            stats.seconds = time.monotonic() - started
            _CURRENT_STATS.reset(token)
        return result, stats

    def _backend_error(self, exc: openai.APIError, stats: CallStats) -> BackendError:
        status = getattr(exc, "status_code", None)
        where = self.backend.describe()
        if isinstance(exc, openai.APITimeoutError):
            why = f"timed out after {self.backend.timeout:g}s (raise SUMMARIZER_TIMEOUT?)"
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
                f"{self.backend.mode.value}: try --mode tools or --mode json_schema",
                last_output=exc.context.get("last_output"),
            ) from exc
        return answer, time.monotonic() - started


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0][:300] if lines else ""
