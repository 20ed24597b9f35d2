"""A metering reverse proxy: every approach in the benchmark talks to the same LLM server
through it, so requests, tokens and LLM seconds are counted the same way for all of them
(langextract, for one, does not report token usage)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


@dataclass
class Call:
    path: str
    status: int
    seconds: float
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass
class Meter:
    """Calls seen so far; ``mark()``/``since()`` give the calls of one phase."""

    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)

    def mark(self) -> int:
        with self.lock:
            return len(self.calls)

    def since(self, mark: int) -> dict[str, Any]:
        with self.lock:
            calls = [c for c in self.calls[mark:] if "/completions" in c.path]
        return {
            "llm_calls": len(calls),
            "llm_seconds": round(sum(c.seconds for c in calls), 3),
            "prompt_tokens": sum(c.prompt_tokens for c in calls),
            "completion_tokens": sum(c.completion_tokens for c in calls),
            "errors": sum(1 for c in calls if c.status >= 400),
        }


def _handler(upstream: str, meter: Meter, client: httpx.Client) -> type[BaseHTTPRequestHandler]:
    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else delayed ACKs add ~40 ms per response

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _forward(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            started = time.monotonic()
            try:
                response = client.request(
                    self.command, upstream + self.path, content=body, headers=headers
                )
            except httpx.HTTPError as exc:
                meter.add(Call(self.path, 599, time.monotonic() - started))
                self.send_error(502, f"upstream: {exc!r}")
                return
            seconds = time.monotonic() - started
            call = Call(self.path, response.status_code, seconds)
            try:
                usage = json.loads(response.content).get("usage") or {}
                call.prompt_tokens = int(usage.get("prompt_tokens") or 0)
                call.completion_tokens = int(usage.get("completion_tokens") or 0)
            except (ValueError, AttributeError):
                pass
            meter.add(call)
            self.send_response(response.status_code)
            for key, value in response.headers.items():
                if key.lower() not in HOP_BY_HOP and key.lower() != "content-encoding":
                    self.send_header(key, value)
            self.send_header("content-length", str(len(response.content)))
            self.end_headers()
            self.wfile.write(response.content)

        do_GET = do_POST = _forward

    return Proxy


@contextmanager
def metering_proxy(upstream_base_url: str) -> Iterator[tuple[str, Meter]]:
    """Yield (base URL of the proxy, its meter) for an upstream ``http://host:port/v1``."""
    root = upstream_base_url.rstrip("/")
    prefix = root[: -len("/v1")] if root.endswith("/v1") else root
    meter = Meter()
    with (
        httpx.Client(timeout=httpx.Timeout(900.0)) as client,
        loopback_server(_handler(prefix, meter, client)) as url,
    ):
        yield url, meter


@contextmanager
def loopback_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve *handler* on a free loopback port in a thread; yield its ``/v1`` base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
