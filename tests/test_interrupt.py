"""Ctrl-C and SIGTERM stop a batch promptly, even while an LLM call is in flight."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, hang, serve
from helpers_cli import ROOT, clean_env, summarizer_cmd, write_articles

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with serve() as state:
        yield state


@pytest.fixture
def ctrl_c_reaches_children() -> Iterator[None]:
    """Start children the way a terminal does, with SIGINT's default action.

    A suite run as a background job of a script (``pytest &``, ``nohup``, some CI
    runners) inherits SIGINT *ignored* (POSIX), every child started from it too, and
    Python never turns an ignored SIGINT into KeyboardInterrupt: the Ctrl-C test then
    waited out its timeout on a loaded machine. A handler (unlike SIG_IGN) is reset to
    the default at exec, so the child starts as it would from a shell prompt."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
@pytest.mark.usefixtures("ctrl_c_reaches_children")
def test_signal_during_a_hanging_llm_call_exits_within_seconds(
    server: FakeOpenAI, tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    server.script(hang(600))  # far longer than any bound below
    write_articles(tmp_path / "in", 3)
    proc = subprocess.Popen(
        summarizer_cmd(
            "summarize",
            str(tmp_path / "in"),
            "--base-url",
            server.base_url,
            "--model",
            "m",
            "--no-cache",
            "--format",
            "jsonl",
            "-o",
            str(tmp_path / "out.jsonl"),
        ),
        env=clean_env(tmp_path / "cache"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # wait for the event (the request in flight), however long a loaded machine takes
    deadline = time.monotonic() + 300
    while not server.chat_requests() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.chat_requests(), f"the request never reached the server: {proc.poll()}"
    sent = time.monotonic()
    proc.send_signal(sig)
    try:
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    # the request hangs for 600 s and is not retried: stopping means not waiting for it
    assert time.monotonic() - sent < 60
    assert proc.returncode == code
    assert "Traceback" not in stderr
