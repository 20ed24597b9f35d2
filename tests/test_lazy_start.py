"""The embedded server starts on the first question to the model, once, and only then.

With the structured extractor most articles are read by code alone: a batch of those must
never load the model, and a batch that does ask starts one server however many articles
ask at once, stops it at the end, and fails as a whole (exit 3, the server's reason) when
it cannot start. ``eval --record`` starts it inside the recording, and the start's health
checks and speed warm-up must still stay off the cassette.

The fake llama.cpp server (tests/helpers_fake_server.py) stands in for the model: it
answers every chat request with "1, 2, 3" and llama.cpp's timings (50 and 10 tokens/s),
so a question gets no usable answer (a warning in the digest) but does reach it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from helpers_fake_server import (
    fake_command,
    kill_quietly,
    pid_gone,
    wait_gone,
    write_fake_server,
)

from summarizer.api import open_summarizer
from summarizer.cli import main
from summarizer.config import Speeds, select_backend
from summarizer.errors import ServerError
from summarizer.evaluation.run import run_eval
from summarizer.local import session
from summarizer.local.runtime import ServerOptions
from summarizer.local.server import LocalServer, free_port
from summarizer.local.session import LazyBackend, open_lazy_backend
from summarizer.pipeline import run_batch
from summarizer.schemas import Article, Digest, Result

pytestmark = [
    pytest.mark.block_network(allowed_hosts=["127.0.0.1"]),
    pytest.mark.usefixtures("cache"),  # tests/conftest.py: a per-test cache directory
]

SEED = Path(__file__).resolve().parent.parent / "eval" / "fixtures" / "000_460d30c99a9042f9.txt"
# code reads both whole: nationalities and verb frames say every direction
READ_BY_CODE = "Armenia handed 12 detainees to Azerbaijan on Monday, the mediators said.\n"
# written for these tests: the second sentence names no side and no nationality
OPEN_DIRECTION = (
    "Armenia and Azerbaijan held border talks on Monday, the Armenian foreign ministry said. "
    "Later that day, 12 people crossed the Margara checkpoint and went home, the state "
    "commission said. Azerbaijan handed over four Armenian soldiers on Tuesday, Yerevan said."
)


@dataclass
class Starts:
    """Every server open_summarizer starts; *flags* go to the fake server (exit=1: it
    fails to load its model)."""

    flags: list[str] = field(default_factory=list)
    servers: list[LocalServer] = field(default_factory=list)


@pytest.fixture
def starts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Starts]:
    script = write_fake_server(tmp_path)
    seen = Starts()

    def make(path: Path, *, options: ServerOptions) -> LocalServer:
        port = free_port()
        command = fake_command(script, port, *seen.flags)
        server = LocalServer(path, port=port, options=options, command=command, start_timeout=300)
        seen.servers.append(server)
        return server

    monkeypatch.setattr(session, "LocalServer", make)
    yield seen
    for server in seen.servers:
        if server.process is not None:
            kill_quietly(server.process.pid)


@pytest.fixture
def gguf(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.gguf"
    path.write_bytes(b"GGUF" + bytes(64))
    return path


def test_a_batch_code_reads_whole_never_starts_the_server(
    starts: Starts, gguf: Path, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "seed.txt").write_text(SEED.read_text())
    (tmp_path / "in" / "armenia.txt").write_text(READ_BY_CODE)
    args = ["summarize", str(tmp_path / "in"), "--model-file", str(gguf), "--no-cache"]
    result = CliRunner().invoke(main, [*args, "--concurrency", "2", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    digests = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(digests) == 2 and all(d["events"] for d in digests)
    assert starts.servers == []  # no model loaded, no server process
    for digest in digests:
        assert digest["provenance"]["attempts"] == 0
        assert digest["provenance"]["backend"] == "local:qwen2.5-coder-1.5b@embedded"


def test_a_batch_that_asks_starts_one_server_measures_it_and_stops_it(
    starts: Starts, gguf: Path
) -> None:
    backend = select_backend(model_file=str(gguf), env={})
    articles = [Article(id=f"open-{i}", text=OPEN_DIRECTION) for i in range(6)]
    articles.insert(2, Article(id="code-reads", text=READ_BY_CODE))
    results: list[Result] = []
    timings: dict[str, float] = {}
    with open_summarizer(backend, concurrency=3, use_cache=False, timings=timings) as summarizer:
        report = run_batch(articles, summarizer, results.append, concurrency=3)
        live = summarizer.client.backend
    assert report.failed == 0 and report.succeeded == 7
    (server,) = starts.servers  # six articles asked, three at a time: one start
    assert server.options.slots == 3
    assert server.process is not None and pid_gone(server.process.pid)  # stopped on exit
    assert live.base_url == server.base_url
    assert live.speeds == Speeds(50.0, 10.0)  # measured at the start: they bound requests
    assert timings["server_start_seconds"] > 0
    asked = [r for r in results if isinstance(r, Digest) and r.article_id.startswith("open-")]
    assert len(asked) == 6
    for digest in asked:  # the question reached the server (whose answer is unusable)
        assert digest.provenance.attempts == 1
        assert any("no usable answer" in w for w in digest.provenance.warnings)


def test_threads_asking_at_once_share_one_start(starts: Starts, gguf: Path) -> None:
    backend = select_backend(model_file=str(gguf), env={})
    gate = threading.Barrier(4)

    def ask(lazy: LazyBackend) -> str | None:
        gate.wait()
        return lazy.get().base_url

    with open_lazy_backend(backend, slots=4) as lazy, ThreadPoolExecutor(4) as pool:
        urls = set(pool.map(ask, [lazy] * 4))
        assert lazy.started
    (server,) = starts.servers
    assert urls == {server.base_url}


def test_closing_while_the_server_is_still_loading_stops_it_at_once(
    starts: Starts, gguf: Path
) -> None:
    """Ctrl-C while a worker waits for the model load: the exit path stops the child."""
    starts.flags.append("delay=120")  # a model load far longer than the test
    backend = select_backend(model_file=str(gguf), env={})
    errors: list[BaseException] = []

    def ask(lazy: LazyBackend) -> None:
        try:
            lazy.get()
        except ServerError as exc:
            errors.append(exc)

    with open_lazy_backend(backend) as lazy:
        worker = threading.Thread(target=ask, args=(lazy,))
        worker.start()
        deadline = time.monotonic() + 120  # the fake server's start, however slow the machine
        while not starts.servers or starts.servers[0].process is None:
            assert time.monotonic() < deadline, "the fake server never started"
            time.sleep(0.02)
    started = time.monotonic()
    worker.join(60)
    assert time.monotonic() - started < 30  # not the load, not the start timeout
    (server,) = starts.servers
    assert server.process is not None and wait_gone(server.process.pid)
    assert len(errors) == 1 and not lazy.started


def test_a_server_that_cannot_start_fails_the_batch_with_its_reason(
    starts: Starts, gguf: Path, tmp_path: Path
) -> None:
    starts.flags.append("exit=1")
    (tmp_path / "in").mkdir()
    for i in range(3):
        (tmp_path / "in" / f"open-{i}.txt").write_text(OPEN_DIRECTION)
    out = tmp_path / "out.jsonl"
    args = ["summarize", str(tmp_path / "in"), "--model-file", str(gguf), "--no-cache"]
    args += ["--concurrency", "2", "--format", "jsonl", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3, result.output  # local model or server trouble
    assert "exited with code 1 while starting" in result.output
    assert "pip install 'summarizer[local]'" in result.output  # how to fix it
    assert len(starts.servers) == 1  # not tried again for each article
    records = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    assert not any(r.get("error_type") == "ServerError" for r in records)  # not per article


def test_a_failed_start_is_raised_to_the_library_caller_not_filed_per_article(
    starts: Starts, gguf: Path
) -> None:
    starts.flags.append("exit=1")
    backend = select_backend(model_file=str(gguf), env={})
    results: list[Result] = []
    with (
        pytest.raises(ServerError, match="exited with code 1"),
        open_summarizer(backend, concurrency=2, use_cache=False) as summarizer,
    ):
        articles = [Article(id=f"open-{i}", text=OPEN_DIRECTION) for i in range(4)]
        run_batch(articles, summarizer, results.append, concurrency=2)
    assert len(starts.servers) == 1
    assert not any(getattr(r, "error_type", None) == "ServerError" for r in results)


def test_a_missing_model_file_still_fails_before_the_first_article(
    starts: Starts, tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(READ_BY_CODE)
    missing = tmp_path / "nowhere.gguf"
    result = CliRunner().invoke(main, ["summarize", str(article), "--model-file", str(missing)])
    assert result.exit_code == 3, result.output
    assert (
        "model file not found" in result.output and "pass an existing .gguf file" in result.output
    )
    assert starts.servers == []


def test_eval_record_keeps_the_lazy_starts_health_checks_and_warm_up_off_the_cassette(
    starts: Starts, gguf: Path, tmp_path: Path
) -> None:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    (fixtures / "open-direction.txt").write_text(OPEN_DIRECTION)
    gold = {"article": {"id": "open-direction"}, "events": [], "figures": []}
    (fixtures / "open-direction.yaml").write_text(yaml.safe_dump(gold))
    tape = tmp_path / "tape.yaml"
    backend = select_backend(model_file=str(gguf), env={})
    run_eval(fixtures, backend, record=tape)
    assert len(starts.servers) == 1  # started inside the recording, on the question
    interactions = yaml.safe_load(tape.read_text())["interactions"]
    (only,) = interactions  # the question; no GET /models, no warm-up
    assert only["request"]["uri"] == "http://127.0.0.1:8000/v1/chat/completions"
    assert "direction_of_12" in only["request"]["body"]
    assert "count from one to sixty" not in tape.read_text()
