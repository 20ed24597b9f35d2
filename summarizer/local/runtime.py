"""What runs the embedded model: xllamacpp's llama.cpp server, and the options we give it.

xllamacpp ships llama.cpp's C++ server as a prebuilt wheel (no compiler, installs in
seconds), batches parallel requests in slots and accepts ``json_schema`` response
formats. llama-cpp-python, the runtime before it, compiled for 6–12 minutes on install
and served one request at a time; docs/decisions.md has the measured comparison.
"""

from __future__ import annotations

import functools
import importlib.metadata
import os
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

RUNTIME = "xllamacpp"
SPECULATION = ("off", "ngram-simple", "ngram-mod")  # summarizer.local.serve's choices


@dataclass(frozen=True)
class ServerOptions:
    """The llama.cpp server options we set (the rest keep llama.cpp's defaults)."""

    n_ctx: int = 8192  # tokens per slot: the longest article we accept plus prompt and answer
    threads: int | None = None  # None: every core
    slots: int = 1  # parallel sequences; `summarize --concurrency N` asks for N
    cache_ram_mib: int = 1024  # llama.cpp's host-RAM prompt cache, bounded (see decisions)
    speculation: str = "off"  # n-gram drafts from the prompt: measured, not faster here

    def __post_init__(self) -> None:
        if self.speculation not in SPECULATION:
            raise ValueError(f"speculation {self.speculation!r} is not one of {SPECULATION}")
        if self.slots < 1 or self.n_ctx < 512:
            raise ValueError("a server needs at least one slot and 512 tokens of context")

    @property
    def thread_count(self) -> int:
        return self.threads or max(1, os.cpu_count() or 1)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "threads": self.thread_count}


def serve_command(model_path: Path, host: str, port: int, options: ServerOptions) -> list[str]:
    """The child process that hosts the server (summarizer/local/serve.py)."""
    return [
        sys.executable,
        "-m",
        "summarizer.local.serve",
        "--model",
        str(model_path),
        "--host",
        host,
        "--port",
        str(port),
        "--n-ctx",
        str(options.n_ctx),
        "--threads",
        str(options.thread_count),
        "--slots",
        str(options.slots),
        "--cache-ram-mib",
        str(options.cache_ram_mib),
        "--speculation",
        options.speculation,
    ]


@functools.cache
def runtime_info() -> dict[str, Any]:
    """Runtime, version and the CPU features its llama.cpp build uses (AVX2, AVX512…).

    Read from the installed package without loading a model; None values when the
    ``local`` extra is not installed."""
    try:
        version: str | None = importlib.metadata.version(RUNTIME)
    except importlib.metadata.PackageNotFoundError:
        return {"runtime": RUNTIME, "version": None, "cpu_features": None, "system_info": None}
    try:
        import xllamacpp

        system_info = str(xllamacpp.get_system_info()).strip()
    except Exception:  # a broken install still lets `model status` say what is there
        system_info = ""
    return {
        "runtime": RUNTIME,
        "version": version,
        "cpu_features": cpu_features(system_info),
        "system_info": system_info,
    }


def cpu_features(system_info: str) -> list[str]:
    """``CPU : SSE3 = 1 | AVX2 = 1 | AVX512 = 0 |`` → ["SSE3", "AVX2"]."""
    return [name for name, on in re.findall(r"([A-Z][A-Z0-9_]*) = (\d)", system_info) if on != "0"]
