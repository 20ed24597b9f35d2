"""Stand-ins for the local server, and process helpers for the server tests.

The fake server answers ``GET /v1/models`` like an OpenAI-compatible server, and a chat
request with llama.cpp's ``timings`` (prompt 50, generation 10 tokens/s). Flags after
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

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        answer = {
            "object": "chat.completion",
            "choices": [{"index": 0, "finish_reason": "length",
                         "message": {"role": "assistant", "content": "1, 2, 3"}}],
            "usage": {"prompt_tokens": 60, "completion_tokens": 32, "total_tokens": 92},
            "timings": {"prompt_per_second": 50.0, "predicted_per_second": 10.0},
        }
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


print("fake server: listening", flush=True)
HTTPServer(("127.0.0.1", port), Handler).serve_forever()
"""


# A stand-in for the xllamacpp package, put first on the child's PYTHONPATH: it records the
# parameters it got, serves /v1/models, and (like llama.cpp) installs a SIGTERM handler
# that does not exit, so only summarizer.local.serve's own signal handling can stop it.
FAKE_XLLAMACPP = r"""
import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__version__ = "0.0.fake"


def get_system_info():
    return "CPU : SSE3 = 1 | AVX2 = 1 | AVX512 = 0 | "


class _Params:
    def __getattr__(self, name):
        value = _Params()
        object.__setattr__(self, name, value)
        return value


class CommonParams(_Params):
    pass


class common_speculative_type:
    COMMON_SPECULATIVE_TYPE_NGRAM_SIMPLE = "ngram-simple"
    COMMON_SPECULATIVE_TYPE_NGRAM_MOD = "ngram-mod"


class _Models(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"object": "list", "data": [{"id": "fake"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server:
    def __init__(self, params):
        if not os.path.exists(params.model.path):
            print("E llama_model_load: failed to open " + params.model.path, flush=True)
            raise RuntimeError("Failed to init server, please check the input params.")
        signal.signal(signal.SIGTERM, lambda *args: None)
        with open(os.environ["FAKE_XLLAMACPP_PARAMS"], "w") as fh:
            json.dump({
                "model": params.model.path,
                "hostnames": params.hostnames,
                "port": params.port,
                "n_parallel": params.n_parallel,
                "n_ctx": params.n_ctx,
                "threads": params.cpuparams.n_threads,
                "cache_ram_mib": params.cache_ram_mib,
                "speculative_types": [str(t) for t in getattr(params.speculative, "types", [])]
                if isinstance(getattr(params.speculative, "types", None), list) else [],
            }, fh)
        self._http = ThreadingHTTPServer((params.hostnames[0], params.port), _Models)
        threading.Thread(target=self._http.serve_forever, daemon=True).start()
        self.listening_address = f"http://{params.hostnames[0]}:{params.port}"
"""


def write_fake_xllamacpp(directory: Path, *, broken: bool = False) -> Path:
    """A directory to put first on PYTHONPATH; *broken*: importing xllamacpp fails."""
    package = directory / "fake_site" / "xllamacpp"
    package.mkdir(parents=True)
    text = 'raise ImportError("libggml.so: cannot open")\n' if broken else FAKE_XLLAMACPP
    (package / "__init__.py").write_text(text)
    return package.parent


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


def wait_gone(pid: int, timeout: float = 30.0) -> bool:
    """Poll until *pid* is gone; the generous *timeout* is only spent when it never goes."""
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
