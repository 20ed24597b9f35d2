"""Run the embedded llama.cpp server (summarizer/local/serve.py) as a child we always
clean up, and measure how fast it is on this machine once it is up.

Why the care: a server may ignore SIGTERM while it is generating, and an orphaned
server holds 1+ GB of RAM and every core. So: its own session (the terminal's
Ctrl-C reaches us, not it), SIGKILL on parent death (Linux prctl), and
terminate → grace period → kill on every exit path.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from summarizer.config import Speeds
from summarizer.errors import ServerError
from summarizer.local.modelstore import cache_dir
from summarizer.local.runtime import ServerOptions, runtime_info, serve_command
from summarizer.local.speeds import measure_speeds, record_start
from summarizer.recording import HOUSEKEEPING_HEADER

HOST = "127.0.0.1"
_ERROR_LINE = re.compile(r"(^|\s)E\s")  # llama.cpp's error level: "0.01.234.567 E load: …"
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class ServerInfo:
    """What a running server is; written to ``server.json`` by ``model serve``."""

    pid: int
    port: int
    model_path: str
    started: float
    slots: int = 1
    speeds: dict[str, float] | None = field(default=None)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/v1"

    def measured(self) -> Speeds | None:
        try:
            return Speeds(**self.speeds) if self.speeds else None
        except TypeError:
            return None


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
        response = httpx.get(
            f"{base_url}/models",
            timeout=timeout,
            trust_env=False,
            headers={HOUSEKEEPING_HEADER: "health"},  # never recorded in a cassette
        )
        return response.status_code == 200
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


class LocalServer:
    """Context manager owning one local server process.

    ``command`` replaces the embedded server (tests: a fake; bench: another runtime);
    ``measure`` sends one tiny request after the start to learn this machine's speeds,
    which bound each request's time (``config.Speeds.request_timeout``)."""

    def __init__(
        self,
        model_path: Path,
        *,
        port: int | None = None,
        options: ServerOptions | None = None,
        start_timeout: float = 180.0,
        grace: float = 5.0,
        command: list[str] | None = None,
        measure: bool = True,
    ) -> None:
        self.model_path = model_path
        self.port = port or free_port()
        self.options = options or ServerOptions()
        self.start_timeout = start_timeout
        self.grace = grace
        self.command = command or serve_command(model_path, HOST, self.port, self.options)
        self.measure = measure
        self.log_path = cache_dir() / "logs" / f"server-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.load_seconds: float | None = None
        self.speeds: Speeds | None = None

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
            if self.measure:
                self.speeds = measure_speeds(self.base_url, str(self.model_path.name))
                record_start(self._start_record())
        except BaseException:  # Ctrl-C or SIGTERM during a model load must not orphan it
            self.stop()
            raise
        return self

    def _start_record(self) -> dict[str, Any]:
        return {
            **runtime_info(),
            "model_path": str(self.model_path),
            "options": self.options.as_dict(),
            "load_seconds": round(self.load_seconds or 0.0, 2),
            "speeds": asdict(self.speeds) if self.speeds else None,
            "measured": time.time(),
        }

    def _wait_until_ready(self, started: float) -> None:
        assert self.process is not None
        deadline = started + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self._log_tail()
                raise ServerError(
                    f"the local server exited with code {self.process.returncode} while "
                    f"starting: {tail}; is the 'local' extra installed "
                    "(pip install 'summarizer[local]')? Log: " + str(self.log_path),
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
        """The server's last words: its own error line if it printed one."""
        try:
            lines = self.log_path.read_text(errors="replace").strip().splitlines()
        except OSError:
            return "no log"
        errors = [line for line in lines if _ERROR_LINE.search(line)]
        return (errors or lines)[-1].strip() if lines else "no output"

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
        return ServerInfo(
            self.process.pid,
            self.port,
            str(self.model_path),
            time.time(),
            slots=self.options.slots,
            speeds=asdict(self.speeds) if self.speeds else None,
        )

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
