"""A fast fake LLM server that answers from a recorded cassette.

Requests are matched on their JSON body, so our pipeline gets the real model's recorded
answers with no generation time: what is left of the wall time is our own overhead
(prompt rendering, HTTP, instructor parsing, grounding review, assembly, writing).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import yaml

from bench.meter import loopback_server


def _key(body: bytes | str) -> str:
    data = json.loads(body)
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def load_answers(cassette: Path) -> dict[str, bytes]:
    tape = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    answers: dict[str, bytes] = {}
    for interaction in tape["interactions"]:
        body = interaction["request"]["body"]
        if not body:
            continue
        text = interaction["response"]["body"]["string"]
        answers.setdefault(_key(body), text.encode() if isinstance(text, str) else text)
    return answers


@contextmanager
def serve(cassette: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """In this process: yield (base URL, counters{hits, misses}); off-tape requests get 404."""
    answers = load_answers(cassette)
    counters = {"hits": 0, "misses": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else delayed ACKs add ~40 ms per response

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, payload: bytes) -> None:
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            self._send(200, b'{"object":"list","data":[{"id":"replay","object":"model"}]}')

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            answer = answers.get(_key(body))
            with lock:
                counters["hits" if answer is not None else "misses"] += 1
            if answer is None:
                self._send(404, b'{"error":{"message":"request not on the cassette"}}')
            else:
                self._send(200, answer)

    with loopback_server(Handler) as url:
        yield url, counters


@contextmanager
def replay_server(cassette: Path) -> Iterator[str]:
    """The same server in its own process, so its work is not counted as the client's."""
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.replay_server", str(cassette)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert child.stdout is not None
        url = child.stdout.readline().strip()
        if not url.startswith("http"):
            raise RuntimeError(f"replay server did not start (printed {url!r})")
        yield url
    finally:
        child.kill()
        child.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Serve a cassette's answers, fast.")
    parser.add_argument("cassette", type=Path)
    with serve(parser.parse_args().cassette) as (base_url, _):
        print(base_url, flush=True)
        threading.Event().wait()
