"""Transport retries, below the openai client: which failures are worth sending the same
HTTP request again, how long to wait, and when to stop (see client.py for the other loop,
the validation re-asks)."""

from __future__ import annotations

import contextlib
import email.utils
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
)

from summarizer.config import Backend, BackendKind

try:  # openai >= 3 ships on the httpx2 fork; older releases on httpx
    import httpx2 as httpx  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the installed openai
    import httpx  # type: ignore[no-redef,unused-ignore]

log = logging.getLogger(__name__)

TRANSIENT_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


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


def is_transient(exc: BaseException, *, retry_read_timeouts: bool = True) -> bool:
    """Could the same request succeed if sent again a little later?

    A read timeout means the server took the request and did not finish it in time:
    worth another try on a shared remote service, not on our own deterministic model
    (*retry_read_timeouts* False), which would spend the same time again."""
    if _STOPPING.is_set():
        return False
    if isinstance(exc, TransientStatus):
        return True
    if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout):
        return retry_read_timeouts
    return isinstance(exc, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    max_wait: float = 30.0  # longest single wait, Retry-After included
    deadline: float = 600.0  # give up retrying after this many seconds in all
    initial_wait: float = 1.0
    retry_read_timeouts: bool = True

    @classmethod
    def for_backend(cls, backend: Backend) -> RetryPolicy:
        """The embedded model answers at temperature 0 on this machine's cores: a request
        that ran out of time is not sent again unchanged (it took 2x the wait, for the
        same outcome, before this rule). Remote services get their timeouts retried."""
        return cls(retry_read_timeouts=backend.kind is not BackendKind.LOCAL)


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
        retry_read_timeouts = self.policy.retry_read_timeouts
        retrying = Retrying(
            stop=stop_after_attempt(self.policy.attempts) | stop_after_delay(self.policy.deadline),
            wait=self._wait,
            retry=retry_if_exception(
                lambda exc: is_transient(exc, retry_read_timeouts=retry_read_timeouts)
            ),
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
