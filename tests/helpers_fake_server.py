"""A stand-in for llama-cpp-python's server, and process helpers for the server tests.

The fake answers ``GET /v1/models`` like an OpenAI-compatible server. Flags after
the port change its behaviour so tests can provoke every exit path of LocalServer:

* ``ignore-term``  ignore SIGTERM (llama-cpp does while it is generating)
* ``exit=N``       print a line and exit at once with code N
* ``silent``       never listen (a server stuck loading its model)
* ``delay=S``      sleep S seconds before listening (a slow model load)
* ``grandchild=F`` spawn a long-sleeping grandchild and write its pid to file F
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import time
from pathlib import Path

FAKE_SERVER = r"""
import json
import signal
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

port = int(sys.argv[1])
opts = dict(a.split("=", 1) if "=" in a else (a, "") for a in sys.argv[2:])

if "ignore-term" in opts:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
if "exit" in opts:
    print("fake server: cannot load model", flush=True)
    sys.exit(int(opts["exit"]))
if "grandchild" in opts:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    with open(opts["grandchild"], "w") as fh:
        fh.write(str(child.pid))
if "silent" in opts:
    time.sleep(120)
    sys.exit(0)
if "delay" in opts:
    time.sleep(float(opts["delay"]))


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/v1/models":
            body = json.dumps({"object": "list", "data": [{"id": "fake"}]}).encode()
            self.send_response(200)
        else:
            body = b"{}"
            self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


print("fake server: listening", flush=True)
HTTPServer(("127.0.0.1", port), Handler).serve_forever()
"""


def write_fake_server(directory: Path) -> Path:
    script = directory / "fake_llama_server.py"
    script.write_text(FAKE_SERVER)
    return script


def fake_command(script: Path, port: int, *flags: str) -> list[str]:
    return [sys.executable, str(script), str(port), *flags]


def pid_gone(pid: int) -> bool:
    """True when *pid* no longer runs (a zombie nobody reaped yet counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    state = stat.rsplit(")", 1)[1].split()[0]
    return state in ("Z", "X")


def wait_gone(pid: int, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pid_gone(pid):
            return True
        time.sleep(0.05)
    return pid_gone(pid)


def port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def kill_quietly(pid: int) -> None:
    """Last-resort cleanup of a process this test started, by its id."""
    if not pid_gone(pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, 9)
