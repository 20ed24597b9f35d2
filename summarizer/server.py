"""Run llama-cpp-python's OpenAI-compatible server as a child we always clean up.

Why the care: the server ignores SIGTERM while it is generating, and an orphaned
server holds 1+ GB of RAM and a CPU core. So: its own session (the terminal's
Ctrl-C reaches us, not it), SIGKILL on parent death (Linux prctl), and
terminate → grace period → kill on every exit path.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType

import httpx

from summarizer.errors import ServerError
from summarizer.modelstore import cache_dir

HOST = "127.0.0.1"
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class ServerInfo:
    """What a running server is; written to ``server.json`` by ``model serve``."""

    pid: int
    port: int
    model_path: str
    started: float

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/v1"


def state_file() -> Path:
    return cache_dir() / "server.json"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def answers(base_url: str, timeout: float = 1.0) -> bool:
    """True when an OpenAI-compatible server lists its models at *base_url*."""
    try:
        # trust_env=False: a corporate HTTP_PROXY must not swallow loopback checks
        return httpx.get(f"{base_url}/models", timeout=timeout, trust_env=False).status_code == 200
    except httpx.HTTPError:
        return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_server() -> ServerInfo | None:
    """A server left up by ``summarizer model serve`` that still answers, if any."""
    path = state_file()
    try:
        info = ServerInfo(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None
    if _pid_alive(info.pid) and answers(info.base_url):
        return info
    return None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def server_command(model_path: Path, port: int, n_ctx: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model_path),
        "--host",
        HOST,
        "--port",
        str(port),
        "--n_ctx",
        str(n_ctx),
        "--n_threads",
        str(threads),
        "--n_threads_batch",
        str(threads),
        # no "--cache True": its RAM prompt cache grew the server to 23 GB RSS and got it
        # OOM-killed mid-batch here (docs/decisions.md); the single-slot prefix reuse stays
    ]


class LocalServer:
    """Context manager owning one llama-cpp-python server process."""

    def __init__(
        self,
        model_path: Path,
        *,
        port: int | None = None,
        n_ctx: int = 8192,
        threads: int | None = None,
        start_timeout: float = 180.0,
        grace: float = 5.0,
        command: list[str] | None = None,
    ) -> None:
        self.model_path = model_path
        self.port = port or free_port()
        self.start_timeout = start_timeout
        self.grace = grace
        self.command = command or server_command(
            model_path, self.port, n_ctx, threads or max(1, os.cpu_count() or 1)
        )
        self.log_path = cache_dir() / "logs" / f"server-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.load_seconds: float | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/v1"

    def start(self) -> LocalServer:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        with self.log_path.open("wb") as log:
            try:
                self.process = subprocess.Popen(
                    self.command,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                    preexec_fn=_die_with_parent if sys.platform == "linux" else None,
                )
            except OSError as exc:
                raise ServerError(f"could not start the local server: {exc}") from exc
        try:
            self._wait_until_ready(started)
        except BaseException:  # Ctrl-C or SIGTERM during a model load must not orphan it
            self.stop()
            raise
        return self

    def _wait_until_ready(self, started: float) -> None:
        assert self.process is not None
        deadline = started + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self._log_tail()
                raise ServerError(
                    f"the local server exited with code {self.process.returncode} while "
                    f"starting: {tail}; is the 'local' extra installed "
                    "(pip install 'summarizer[local]')?",
                    log=str(self.log_path),
                )
            if answers(self.base_url, timeout=0.5):
                self.load_seconds = time.monotonic() - started
                return
            time.sleep(0.25)
        raise ServerError(
            f"the local server did not answer within {self.start_timeout:.0f}s; "
            f"see {self.log_path}",
            log=str(self.log_path),
        )

    def _log_tail(self) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").strip().splitlines()
        except OSError:
            return "no log"
        return lines[-1] if lines else "no output"

    def stop(self) -> None:
        """Terminate, wait ``grace`` seconds, then SIGKILL the whole process group."""
        proc = self.process
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=self.grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def info(self) -> ServerInfo:
        assert self.process is not None
        return ServerInfo(self.process.pid, self.port, str(self.model_path), time.time())

    def publish(self) -> None:
        """Let other summarizer runs reuse this server (``model serve``)."""
        state_file().parent.mkdir(parents=True, exist_ok=True)
        state_file().write_text(json.dumps(asdict(self.info())))

    def unpublish(self) -> None:
        with contextlib.suppress(OSError):
            data = json.loads(state_file().read_text())
            if self.process is not None and data.get("pid") == self.process.pid:
                state_file().unlink()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@contextlib.contextmanager
def sigterm_as_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit so ``finally`` blocks stop our children."""

    def handler(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
