"""The embedded server's child process (``python -m summarizer.local.serve``), its measured
speeds, ``model status``, and how ``--concurrency`` reaches the server's slots.

A stand-in ``xllamacpp`` package (tests/helpers_fake_server.py) goes first on the child's
PYTHONPATH, so the real child code runs (options, signal handling, exit paths) without
loading a model.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fake_openai import ok, serve
from helpers_fake_server import (
    fake_command,
    kill_quietly,
    wait_gone,
    write_fake_server,
    write_fake_xllamacpp,
)
from llm_answers import transfer_row

from summarizer import cli
from summarizer.config import Speeds, select_backend
from summarizer.errors import ServerError
from summarizer.local import session
from summarizer.local.runtime import ServerOptions
from summarizer.local.server import LocalServer, answers, free_port, running_server
from summarizer.local.session import open_backend
from summarizer.local.speeds import last_start, speeds_file

pytestmark = [
    pytest.mark.block_network(allowed_hosts=["127.0.0.1"]),
    pytest.mark.usefixtures("cache"),  # tests/conftest.py: a per-test cache directory
]
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def gguf(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.gguf"
    path.write_bytes(b"GGUF" + bytes(64))
    return path


@pytest.fixture
def cleanup() -> Iterator[list[int]]:
    pids: list[int] = []
    yield pids
    for pid in pids:
        kill_quietly(pid)


def use_fake_runtime(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *, broken: bool = False
) -> Path:
    site = write_fake_xllamacpp(tmp_path, broken=broken)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), str(REPO)]))
    params = tmp_path / "params.json"
    monkeypatch.setenv("FAKE_XLLAMACPP_PARAMS", str(params))
    return params


def test_child_runs_the_runtime_with_our_options_and_exits_cleanly_on_sigterm(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, gguf: Path, cleanup: list[int]
) -> None:
    params = use_fake_runtime(monkeypatch, tmp_path)
    options = ServerOptions(n_ctx=4096, threads=1, slots=3, speculation="ngram-simple")
    srv = LocalServer(gguf, options=options, start_timeout=120, grace=120, measure=False)
    with srv:
        assert srv.process is not None
        cleanup.append(srv.process.pid)
        assert answers(srv.base_url)
        got = json.loads(params.read_text())
        started = time.monotonic()
    # the runtime's own SIGTERM handler does nothing; ours must still end the child,
    # by itself (exit 0), well before the grace period's SIGKILL
    assert srv.process.returncode == 0
    assert time.monotonic() - started < 60
    assert got == {
        "model": str(gguf),
        "hostnames": ["127.0.0.1"],
        "port": srv.port,
        "n_parallel": 3,
        "n_ctx": 3 * 4096,  # llama.cpp divides n_ctx between the slots
        "threads": 1,
        "cache_ram_mib": 1024,
        "speculative_types": ["ngram-simple"],
    }
    log = srv.log_path.read_text()
    assert "xllamacpp 0.0.fake" in log and "AVX2 = 1" in log


def test_child_that_cannot_load_the_model_fails_fast_with_the_runtimes_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use_fake_runtime(monkeypatch, tmp_path)
    srv = LocalServer(tmp_path / "missing.gguf", start_timeout=600, measure=False)
    started = time.monotonic()
    with pytest.raises(ServerError, match="exited with code 1") as caught:
        srv.start()
    assert time.monotonic() - started < 120  # the child's exit, not the start timeout
    assert "failed to open" in str(caught.value)  # the runtime's own error line


def test_child_without_the_runtime_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, gguf: Path
) -> None:
    use_fake_runtime(monkeypatch, tmp_path, broken=True)
    with pytest.raises(ServerError, match="exited with code 3") as caught:
        LocalServer(gguf, start_timeout=300, measure=False).start()
    assert "pip install 'summarizer[local]'" in str(caught.value)


# -- speeds measured at start, model status ---------------------------------------------


@contextlib.contextmanager
def fake_server(tmp_path: Path, slots: int = 1) -> Iterator[LocalServer]:
    port = free_port()
    command = fake_command(write_fake_server(tmp_path), port)
    options = ServerOptions(slots=slots, threads=2)
    with LocalServer(
        Path("/models/x.gguf"), port=port, options=options, command=command, start_timeout=300
    ) as srv:
        yield srv


def test_start_measures_this_machines_speeds_and_keeps_them_for_status(
    tmp_path: Path, cleanup: list[int]
) -> None:
    with fake_server(tmp_path) as srv:
        assert srv.process is not None
        cleanup.append(srv.process.pid)
        assert srv.speeds == Speeds(50.0, 10.0)
    record = last_start()
    assert record is not None and speeds_file().exists()
    assert record["speeds"] == {"prompt_tokens_per_s": 50.0, "generation_tokens_per_s": 10.0}
    assert record["options"]["threads"] == 2 and record["model_path"] == "/models/x.gguf"
    assert record["runtime"] == "xllamacpp"

    result = CliRunner().invoke(cli.main, ["model", "status"])
    assert result.exit_code == 0, result.output
    assert "prompt 50 tok/s, generation 10 tok/s" in result.output
    assert "runtime:  xllamacpp" in result.output
    report = json.loads(CliRunner().invoke(cli.main, ["model", "status", "--json"]).output)
    assert report["last_start"]["speeds"]["generation_tokens_per_s"] == 10.0
    assert report["runtime"]["runtime"] == "xllamacpp"
    assert "version" in report["runtime"] and "cpu_features" in report["runtime"]


def test_status_before_any_start_says_speeds_are_not_measured_yet() -> None:
    result = CliRunner().invoke(cli.main, ["model", "status"])
    assert result.exit_code == 0, result.output
    assert "not measured yet" in result.output


def test_a_reused_server_lends_its_speeds_and_slots(
    tmp_path: Path, gguf: Path, cleanup: list[int]
) -> None:
    port = free_port()
    command = fake_command(write_fake_server(tmp_path), port)
    with LocalServer(gguf, port=port, options=ServerOptions(slots=2), command=command) as srv:
        assert srv.process is not None
        cleanup.append(srv.process.pid)
        srv.publish()
        assert running_server() is not None
        backend = select_backend(model_file=str(gguf), env={})
        with open_backend(backend, slots=1) as live:
            assert live.base_url == srv.base_url
            assert live.speeds == Speeds(50.0, 10.0)
            assert live.parallel == 2  # two requests may share its speed
        srv.unpublish()


# -- --concurrency reaches the server's slots --------------------------------------------


class RecordingServer:
    """Stands in for LocalServer inside open_backend: records the options it was given."""

    seen: list[ServerOptions] = []  # noqa: RUF012 - shared on purpose, reset per test

    def __init__(self, path: Path, *, options: ServerOptions, base_url: str) -> None:
        self.options = options
        self.base_url = base_url
        self.load_seconds = 0.0
        self.speeds = Speeds(1000.0, 1000.0)
        RecordingServer.seen.append(options)

    def __enter__(self) -> RecordingServer:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


SENTENCE = "Armenia handed 12 detainees to Azerbaijan on Monday, the mediators said."
ANSWER: dict[str, Any] = {
    "transfers": [transfer_row(SENTENCE, "Armenia", "Azerbaijan", 12, category="detainees")],
    "figures": [],
    "headline": "Armenia hands 12 detainees to Azerbaijan",
    "summary": "Armenia handed 12 detainees to Azerbaijan on Monday, according to mediators.",
}


def test_summarize_concurrency_becomes_the_servers_slot_count(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, gguf: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(SENTENCE + "\n")
    RecordingServer.seen = []
    with serve() as fake:
        fake.script(ok(ANSWER))

        def make(path: Path, *, options: ServerOptions, **_: Any) -> RecordingServer:
            return RecordingServer(path, options=options, base_url=fake.base_url)

        monkeypatch.setattr(session, "LocalServer", make)
        args = ["summarize", str(article), "--model-file", str(gguf), "--no-cache"]
        args += ["--extractor", "one-call"]  # the fake answers a one-call digest
        result = CliRunner().invoke(cli.main, [*args, "--concurrency", "3"])
        assert result.exit_code == 0, result.output
        (request,) = fake.chat_requests()
    assert [o.slots for o in RecordingServer.seen] == [3]
    assert request.json["response_format"]["type"] == "json_schema"  # the local default


def test_server_options_refuse_what_llama_cpp_cannot_run() -> None:
    with pytest.raises(ValueError, match="speculation"):
        ServerOptions(speculation="medusa")
    with pytest.raises(ValueError, match="slot"):
        ServerOptions(slots=0)
    assert dataclasses.asdict(ServerOptions())["speculation"] == "off"


def test_the_child_has_its_own_session_so_a_terminals_ctrl_c_reaches_us_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, gguf: Path, cleanup: list[int]
) -> None:
    """The child lives in its own session: a Ctrl-C on the terminal goes to us, not it."""
    use_fake_runtime(monkeypatch, tmp_path)
    with LocalServer(gguf, start_timeout=300, measure=False) as srv:
        assert srv.process is not None
        cleanup.append(srv.process.pid)
        assert os.getsid(srv.process.pid) == srv.process.pid
        assert os.getpgid(srv.process.pid) != os.getpgid(0)
    assert wait_gone(srv.process.pid)
    assert srv.process.returncode == 0  # SIGTERM, answered by a clean exit
