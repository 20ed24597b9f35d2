"""LocalServer: start, readiness, every stop path, reuse via server.json, no orphans.

A tiny stdlib HTTP server (tests/helpers_fake_server.py) stands in for
llama-cpp-python, so nothing here loads a model.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_fake_server import (
    fake_command,
    kill_quietly,
    pid_gone,
    port_open,
    wait_gone,
    write_fake_server,
)

from summarizer.errors import ServerError
from summarizer.local import server as server_mod
from summarizer.local.server import (
    LocalServer,
    ServerInfo,
    answers,
    free_port,
    running_server,
    state_file,
)

# The fake server listens on loopback; everything else stays blocked.
pytestmark = [
    pytest.mark.block_network(allowed_hosts=["127.0.0.1"]),
    pytest.mark.usefixtures("cache"),  # tests/conftest.py: a per-test cache directory
]

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def script(tmp_path: Path) -> Path:
    return write_fake_server(tmp_path)


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def cleanup() -> Iterator[list[int]]:
    """Pids a test started; killed (by id) at teardown if a failing test left them."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        kill_quietly(pid)


def make_server(
    script: Path, port: int, *flags: str, start_timeout: float = 300.0, grace: float = 30.0
) -> LocalServer:
    return LocalServer(
        Path("x.gguf"),
        command=fake_command(script, port, *flags),
        port=port,
        start_timeout=start_timeout,
        grace=grace,
    )


# -- start -------------------------------------------------------------------------


def test_start_waits_until_the_server_answers_and_records_load_time(
    script: Path, port: int, cache: Path, cleanup: list[int]
) -> None:
    srv = make_server(script, port, "delay=0.8", start_timeout=300)
    try:
        assert srv.start() is srv
        assert srv.process is not None
        cleanup.append(srv.process.pid)
        assert srv.base_url == f"http://127.0.0.1:{port}/v1"
        assert answers(srv.base_url)
        assert srv.load_seconds is not None and 0.8 <= srv.load_seconds < 300
        assert srv.log_path == cache / "logs" / f"server-{port}.log"
        assert "listening" in srv.log_path.read_text()
    finally:
        srv.stop()


def test_command_that_exits_at_once_raises_with_exit_code_and_log_tail(
    script: Path, port: int
) -> None:
    srv = make_server(script, port, "exit=7", start_timeout=300)
    started = time.monotonic()
    with pytest.raises(ServerError, match=r"exited with code 7") as info:
        srv.start()
    assert time.monotonic() - started < 120  # noticed the exit, did not wait the timeout
    message = str(info.value)
    assert "cannot load model" in message  # last log line tells the user why
    assert "pip install 'summarizer[local]'" in message
    assert info.value.context["log"] == str(srv.log_path)
    assert "\n" not in message


def test_command_that_cannot_be_executed_raises_server_error(port: int, tmp_path: Path) -> None:
    srv = LocalServer(Path("x.gguf"), command=[str(tmp_path / "no-such-binary")], port=port)
    with pytest.raises(ServerError, match="could not start the local server"):
        srv.start()


def test_command_that_never_answers_times_out_and_leaves_no_process(
    script: Path, port: int, cleanup: list[int]
) -> None:
    srv = make_server(script, port, "silent", start_timeout=1.0, grace=2.0)
    started = time.monotonic()
    with pytest.raises(ServerError, match=r"did not answer within 1s") as info:
        srv.start()
    elapsed = time.monotonic() - started
    assert srv.process is not None
    cleanup.append(srv.process.pid)
    assert 1.0 <= elapsed < 60  # the start timeout plus the grace, not forever
    assert str(srv.log_path) in str(info.value)
    assert srv.process.poll() is not None
    assert wait_gone(srv.process.pid)


def test_interrupt_while_waiting_for_the_server_stops_the_child(
    script: Path, port: int, monkeypatch: pytest.MonkeyPatch, cleanup: list[int]
) -> None:
    def interrupted(base_url: str, timeout: float = 1.0) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr(server_mod, "answers", interrupted)
    srv = make_server(script, port, "silent", start_timeout=300, grace=1.0)
    with pytest.raises(KeyboardInterrupt), srv:
        pass
    assert srv.process is not None
    cleanup.append(srv.process.pid)
    assert wait_gone(srv.process.pid)


def test_start_is_not_routed_through_an_http_proxy(
    script: Path, port: int, monkeypatch: pytest.MonkeyPatch, cleanup: list[int]
) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")  # nothing listens
    srv = make_server(script, port, start_timeout=120, grace=1.0)
    try:
        srv.start()
        assert srv.process is not None
        cleanup.append(srv.process.pid)
    finally:
        srv.stop()


# -- stop --------------------------------------------------------------------------


def test_stop_terminates_the_server_and_frees_the_port(
    script: Path, port: int, cleanup: list[int]
) -> None:
    srv = make_server(script, port, start_timeout=300).start()
    assert srv.process is not None
    pid = srv.process.pid
    cleanup.append(pid)
    assert port_open(port)
    srv.stop()
    assert srv.process.returncode == -signal.SIGTERM  # asked politely first
    assert pid_gone(pid)
    assert not port_open(port)
    assert not answers(srv.base_url)
    srv.stop()  # a second stop is harmless


def test_stop_before_start_is_a_no_op(script: Path, port: int) -> None:
    make_server(script, port).stop()


def test_server_ignoring_sigterm_is_killed_after_the_grace_period(
    script: Path, port: int, cleanup: list[int]
) -> None:
    srv = make_server(script, port, "ignore-term", start_timeout=60, grace=0.5).start()
    assert srv.process is not None
    cleanup.append(srv.process.pid)
    started = time.monotonic()
    srv.stop()
    elapsed = time.monotonic() - started
    assert srv.process.returncode == -signal.SIGKILL
    assert 0.5 <= elapsed < 60  # the grace, then SIGKILL: not a wait for the child
    assert pid_gone(srv.process.pid)
    assert not port_open(port)


def test_stop_reaches_the_servers_own_children(
    script: Path, port: int, tmp_path: Path, cleanup: list[int]
) -> None:
    pidfile = tmp_path / "grandchild.pid"
    srv = make_server(script, port, f"grandchild={pidfile}", start_timeout=300).start()
    assert srv.process is not None
    cleanup.append(srv.process.pid)
    grandchild = int(pidfile.read_text())
    cleanup.append(grandchild)
    assert not pid_gone(grandchild)
    srv.stop()
    assert wait_gone(grandchild, 3)  # the whole process group got the signal


def test_context_manager_stops_the_server_when_the_body_raises(
    script: Path, port: int, cleanup: list[int]
) -> None:
    srv = make_server(script, port, start_timeout=300)
    with pytest.raises(RuntimeError, match="boom"), srv as live:
        assert live.process is not None
        cleanup.append(live.process.pid)
        assert answers(live.base_url)
        raise RuntimeError("boom")
    assert srv.process is not None
    assert srv.process.poll() is not None
    assert pid_gone(srv.process.pid)
    assert not port_open(port)


# -- publish / reuse -----------------------------------------------------------------


def test_published_live_server_is_found_and_unpublish_removes_it(
    script: Path, port: int, cache: Path, cleanup: list[int]
) -> None:
    assert running_server() is None
    with make_server(script, port, start_timeout=300) as srv:
        assert srv.process is not None
        cleanup.append(srv.process.pid)
        srv.publish()
        assert state_file() == cache / "server.json"
        found = running_server()
        assert found is not None
        assert found.pid == srv.process.pid
        assert found.port == port
        assert found.model_path == "x.gguf"
        assert found.base_url == srv.base_url
        srv.unpublish()
        assert not state_file().exists()
        assert running_server() is None


def test_server_json_of_a_stopped_server_is_ignored(
    script: Path, port: int, cleanup: list[int]
) -> None:
    with make_server(script, port, start_timeout=300) as srv:
        assert srv.process is not None
        cleanup.append(srv.process.pid)
        srv.publish()
    # stopped without unpublish (e.g. the serving process was SIGKILLed)
    assert state_file().exists()
    assert running_server() is None


def test_stale_server_json_with_a_dead_pid_is_ignored(script: Path, port: int) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    # Something answers on the port, but the recorded pid is dead: do not trust it.
    with make_server(script, port, start_timeout=300) as srv:
        state_file().write_text(
            json.dumps({"pid": dead.pid, "port": srv.port, "model_path": "x.gguf", "started": 0.0})
        )
        assert answers(srv.base_url)
        assert running_server() is None


def test_server_json_for_a_live_pid_that_does_not_answer_is_ignored(cache: Path) -> None:
    cache.mkdir(parents=True)
    info = ServerInfo(pid=os.getpid(), port=free_port(), model_path="x.gguf", started=0.0)
    state_file().write_text(json.dumps(info.__dict__))
    assert running_server() is None


@pytest.mark.parametrize("content", ["", "{not json", '{"pid": 1}', "[]"])
def test_corrupt_server_json_is_ignored(cache: Path, content: str) -> None:
    cache.mkdir(parents=True)
    state_file().write_text(content)
    assert running_server() is None


def test_unpublish_leaves_another_servers_state_file(
    script: Path, port: int, cleanup: list[int]
) -> None:
    with make_server(script, port, start_timeout=300) as srv:
        assert srv.process is not None
        cleanup.append(srv.process.pid)
        other = {"pid": srv.process.pid + 1, "port": 1, "model_path": "y.gguf", "started": 0.0}
        state_file().write_text(json.dumps(other))
        srv.unpublish()
        assert json.loads(state_file().read_text()) == other


# -- the parent dies -----------------------------------------------------------------


def _spawn_parent(code: str, cleanup: list[int]) -> tuple[subprocess.Popen[str], int]:
    """Run *code* in a new Python; it prints the server child's pid on its first line."""
    parent = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    cleanup.append(parent.pid)
    assert parent.stdout is not None
    line = parent.stdout.readline()
    if not line.strip().isdigit():
        parent.kill()
        _, err = parent.communicate(timeout=60)
        pytest.fail(f"parent did not start the server: {line!r} {err}")
    child = int(line)
    cleanup.append(child)
    return parent, child


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux-only")
def test_sigkilled_parent_leaves_no_orphan_server(
    script: Path, port: int, cleanup: list[int]
) -> None:
    parent, child = _spawn_parent(
        f"""
        import sys, time
        from pathlib import Path
        from summarizer.local.server import LocalServer
        srv = LocalServer(Path("x.gguf"), port={port}, start_timeout=300,
                          command=[sys.executable, {str(script)!r}, "{port}"]).start()
        print(srv.process.pid, flush=True)
        time.sleep(60)
    """,
        cleanup,
    )
    assert not pid_gone(child)
    assert port_open(port)
    os.kill(parent.pid, signal.SIGKILL)  # no finally block, no atexit: only the kernel helps
    parent.wait(timeout=60)
    assert wait_gone(child), "the server outlived its SIGKILLed parent"
    assert not port_open(port)


def test_sigterm_to_parent_stops_the_server_gracefully(
    script: Path, port: int, cleanup: list[int]
) -> None:
    parent, child = _spawn_parent(
        f"""
        import sys, time
        from pathlib import Path
        from summarizer.local.server import LocalServer, sigterm_as_exit
        srv = LocalServer(Path("x.gguf"), port={port}, start_timeout=300,
                          command=[sys.executable, {str(script)!r}, "{port}"])
        try:
            with sigterm_as_exit(), srv:
                print(srv.process.pid, flush=True)
                time.sleep(60)
        finally:
            print("child exit", srv.process.returncode, flush=True)
    """,
        cleanup,
    )
    os.kill(parent.pid, signal.SIGTERM)
    out, err = parent.communicate(timeout=60)
    # SIGTERM became SystemExit(128+15), so the with-block stopped the server itself
    # (child saw SIGTERM, not the PDEATHSIG SIGKILL).
    assert parent.returncode == 128 + signal.SIGTERM, err
    assert f"child exit {-signal.SIGTERM}" in out
    assert wait_gone(child)
    assert not port_open(port)


def test_model_serve_publishes_and_cleans_up_on_sigterm(
    script: Path, port: int, tmp_path: Path, cleanup: list[int]
) -> None:
    gguf = tmp_path / "mine.gguf"
    gguf.write_bytes(b"GGUF" + bytes(64))
    serve = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys
            from summarizer import cli
            from summarizer.local import server
            server.serve_command = lambda *a, **k: [sys.executable, {str(script)!r}, "{port}"]
            cli.main(["model", "serve", "--model-file", {str(gguf)!r}, "--port", "{port}"])
        """),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    cleanup.append(serve.pid)
    deadline = time.monotonic() + 120
    found = None
    while time.monotonic() < deadline and serve.poll() is None:
        found = running_server()
        if found is not None:
            break
        time.sleep(0.1)
    if found is None:
        serve.kill()
        pytest.fail(f"model serve never published a server: {serve.communicate(timeout=60)}")
    cleanup.append(found.pid)
    assert found.port == port
    assert found.model_path == str(gguf)
    assert answers(found.base_url)

    serve.send_signal(signal.SIGTERM)
    _, err = serve.communicate(timeout=60)
    assert serve.returncode == 128 + signal.SIGTERM, err
    assert f"serving mine.gguf at http://127.0.0.1:{port}/v1" in err
    assert wait_gone(found.pid)
    assert not state_file().exists()  # unpublished on the way out
    assert running_server() is None
