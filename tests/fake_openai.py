"""A scripted, real-HTTP stand-in for the OpenAI chat-completions API (fault tests).

The server listens on 127.0.0.1 (stdlib ``ThreadingHTTPServer`` in a background
thread) and answers ``POST /v1/chat/completions`` by following a *script*: a queue
of behaviours consumed one per request; once the queue is down to its last entry
that entry repeats. *Routes* (a substring of the request body → a behaviour) win
over the queue, so one server can fail only the requests about one article.

Every request is recorded (path, headers, raw body, parsed JSON) so a test can
count requests and read what a re-ask sent back to the model.

Behaviours::

    ok(arguments, delay=0)     200, one tool call named after the requested tool
    ok(arguments, until=gate)  the same, held until the test sets *gate* (an Event)
    status(code, retry_after)  e.g. 429 with Retry-After, 500, 503, 401
    hang(seconds)              answer only after *seconds* (past the client timeout)
    close_mid_body()           Content-Length larger than the body, then close
    malformed()                200 whose body is not JSON
    breaks_schema(arguments)   200, a well-formed tool call whose arguments break the schema
    length()                   finish_reason "length", arguments cut off mid-string
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

JSONish = str | dict[str, Any] | list[Any]


# --- behaviours -----------------------------------------------------------------


@dataclass(frozen=True)
class Behaviour:
    kind: str
    arguments: str | None = None
    code: int = 200
    retry_after: str | None = None
    body: bytes | None = None
    seconds: float = 0.0
    content_type: str = "application/json"
    prompt_tokens: int = 100
    completion_tokens: int = 50
    finish_reason: str = "tool_calls"
    until: threading.Event | None = None  # hold the answer until the test sets it


def _as_text(arguments: JSONish) -> str:
    return arguments if isinstance(arguments, str) else json.dumps(arguments)


def ok(
    arguments: JSONish,
    *,
    prompt_tokens: int = 100,
    completion_tokens: int = 50,
    delay: float = 0.0,
    until: threading.Event | None = None,
) -> Behaviour:
    """A valid answer; *delay* seconds of "generation" first (a slow model); with *until*,
    held until the test sets that event (a request in flight for as long as a test needs,
    whatever the machine's load)."""
    return Behaviour(
        "ok",
        arguments=_as_text(arguments),
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        seconds=delay,
        until=until,
    )


def breaks_schema(arguments: JSONish | None = None) -> Behaviour:
    """Valid JSON, valid tool call; the arguments miss fields and have wrong types."""
    if arguments is None:
        arguments = {"transfers": "none", "figures": [{"value": "many"}]}
    return Behaviour("ok", arguments=_as_text(arguments))


def length(arguments: str = '{"transfers": [{"evidence": "Russia returned the bo') -> Behaviour:
    """The model ran out of max_tokens: finish_reason length, arguments cut off."""
    return Behaviour("ok", arguments=arguments, finish_reason="length")


def status(
    code: int, retry_after: str | float | None = None, body: JSONish | None = None
) -> Behaviour:
    if body is None:
        body = {
            "error": {
                "message": f"fake server says {code}",
                "type": "invalid_request_error" if code < 500 else "server_error",
                "code": None,
            }
        }
    return Behaviour(
        "status",
        code=code,
        retry_after=None if retry_after is None else str(retry_after),
        body=_as_text(body).encode(),
    )


def hang(seconds: float) -> Behaviour:
    """Sleep *seconds* before answering (interrupted when the server stops)."""
    return Behaviour("hang", seconds=seconds)


def close_mid_body() -> Behaviour:
    return Behaviour("close_mid_body")


def malformed(
    body: bytes = b'{"id": "chatcmpl-broken", "choices": [<html>502 Bad Gat',
    content_type: str = "application/json",
) -> Behaviour:
    """200 OK whose body is not JSON (a proxy's error page, a truncated write)."""
    return Behaviour("malformed", body=body, content_type=content_type)


# --- recording ------------------------------------------------------------------


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    raw: bytes
    json: Any
    at: float

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list((self.json or {}).get("messages") or [])

    def text_of_messages(self) -> str:
        return "\n".join(str(m.get("content") or "") for m in self.messages)


@dataclass
class FakeOpenAI:
    """The server's state; tests script it and read ``requests``."""

    host: str = "127.0.0.1"
    port: int = 0
    requests: list[Recorded] = field(default_factory=list)
    speeds: tuple[float, float] | None = None  # throttle(): prompt, generation tokens/s
    _queue: list[Behaviour] = field(default_factory=list)
    _routes: list[tuple[str, Behaviour]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def script(self, *behaviours: Behaviour) -> FakeOpenAI:
        with self._lock:
            self._queue = list(behaviours)
        return self

    def throttle(self, prompt_tps: float, gen_tps: float) -> FakeOpenAI:
        self.speeds = (prompt_tps, gen_tps)
        return self

    def route(self, marker: str, behaviour: Behaviour) -> FakeOpenAI:
        """Requests whose body contains *marker* get *behaviour*, before the queue."""
        with self._lock:
            self._routes.append((marker, behaviour))
        return self

    def chat_requests(self) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _record_and_choose(self, recorded: Recorded) -> Behaviour:
        with self._lock:
            self.requests.append(recorded)
            body = recorded.raw.decode("utf-8", "replace")
            for marker, behaviour in self._routes:
                if marker in body:
                    return behaviour
            if not self._queue:
                return status(500, body={"error": {"message": "fake server: empty script"}})
            return self._queue.pop(0) if len(self._queue) > 1 else self._queue[0]


def _tool_name(request: Any) -> str:
    choice = request.get("tool_choice") if isinstance(request, dict) else None
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        if name:
            return str(name)
    tools = request.get("tools") if isinstance(request, dict) else None
    if tools:
        return str(tools[0]["function"]["name"])
    return "answer"


def completion(
    request: Any, behaviour: Behaviour, n: int, speeds: tuple[float, float] | None = None
) -> dict[str, Any]:
    """A chat.completion carrying one forced tool call (or, for json_schema, content)."""
    model = request.get("model", "m") if isinstance(request, dict) else "m"
    answer = _tool_call_completion(model, request, behaviour, n)
    if isinstance(request, dict) and request.get("response_format"):
        message = answer["choices"][0]["message"]
        message["content"], message["tool_calls"] = behaviour.arguments or "{}", None
        if behaviour.finish_reason == "tool_calls":
            answer["choices"][0]["finish_reason"] = "stop"
    if speeds is not None:
        answer["timings"] = {"prompt_per_second": speeds[0], "predicted_per_second": speeds[1]}
    return answer


def throttled_seconds(raw: bytes, behaviour: Behaviour, speeds: tuple[float, float]) -> float:
    return len(raw) / 4 / speeds[0] + behaviour.completion_tokens / speeds[1]


def _tool_call_completion(
    model: str, request: Any, behaviour: Behaviour, n: int
) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-fake-{n}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": f"call_fake_{n}",
                            "type": "function",
                            "function": {
                                "name": _tool_name(request),
                                "arguments": behaviour.arguments or "{}",
                            },
                        }
                    ],
                },
                "finish_reason": behaviour.finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": behaviour.prompt_tokens,
            "completion_tokens": behaviour.completion_tokens,
            "total_tokens": behaviour.prompt_tokens + behaviour.completion_tokens,
        },
    }


def _handler_for(state: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like a real API server

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(
            self,
            code: int,
            body: bytes,
            *,
            content_type: str = "application/json",
            extra: dict[str, str] | None = None,
        ) -> None:
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._send(200, json.dumps({"object": "list", "data": [{"id": "m"}]}).encode())
            else:
                self._send(404, b'{"error": {"message": "not found"}}')

        def do_POST(self) -> None:
            size = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(size) if size else b""
            try:
                parsed: Any = json.loads(raw) if raw else None
            except ValueError:
                parsed = None
            recorded = Recorded(
                method="POST",
                path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                raw=raw,
                json=parsed,
                at=time.monotonic(),
            )
            if not self.path.rstrip("/").endswith("/chat/completions"):
                with state._lock:
                    state.requests.append(recorded)
                self._send(404, b'{"error": {"message": "not found"}}')
                return
            behaviour = state._record_and_choose(recorded)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._act(behaviour, parsed, len(state.requests), raw)

        def _act(self, behaviour: Behaviour, request: Any, n: int, raw: bytes) -> None:
            if behaviour.kind == "hang":
                state._stopping.wait(behaviour.seconds)
                self.close_connection = True
                self._send(200, json.dumps(completion(request, ok("{}"), n)).encode())
            elif behaviour.kind == "status":
                extra = {"Retry-After": behaviour.retry_after} if behaviour.retry_after else {}
                self._send(behaviour.code, behaviour.body or b"{}", extra=extra)
            elif behaviour.kind == "malformed":
                self._send(200, behaviour.body or b"", content_type=behaviour.content_type)
            elif behaviour.kind == "close_mid_body":
                body = json.dumps(completion(request, ok("{}"), n)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body) + 500))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
            else:  # ok, breaks_schema, length: all a well-formed completion
                while behaviour.until is not None and not behaviour.until.is_set():
                    if state._stopping.wait(0.02):
                        return
                delay = behaviour.seconds
                if state.speeds is not None:
                    delay += throttled_seconds(raw, behaviour, state.speeds)
                if delay:
                    state._stopping.wait(delay)
                answer = completion(request, behaviour, n, state.speeds)
                self._send(200, json.dumps(answer).encode())

    return Handler


@contextlib.contextmanager
def serve() -> Iterator[FakeOpenAI]:
    """Run a fresh scripted server for the duration of a ``with`` block (or a fixture)."""
    state = FakeOpenAI()
    server = ThreadingHTTPServer((state.host, 0), _handler_for(state))
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(
        target=server.serve_forever, args=(0.05,), name="fake-openai", daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        state._stopping.set()  # wake any hanging handler
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
