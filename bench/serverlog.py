"""What the llama.cpp server itself says each request cost (its timing lines):
prompt tokens actually evaluated after prefix reuse, and where the time went."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_PROMPT = re.compile(r"prompt eval time =\s*([\d.]+) ms /\s*(\d+) tokens")
# llama-cpp-python's llama_perf says "N runs", llama.cpp's server "N tokens"
_EVAL = re.compile(r"(?<!prompt )\beval time =\s*([\d.]+) ms /\s*(\d+) (?:runs|tokens)")
_TOTAL = re.compile(r"total time =\s*([\d.]+) ms")


@dataclass
class ServerLog:
    path: Path

    def mark(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def since(self, mark: int) -> dict[str, Any]:
        """Sums over the requests logged after *mark*."""
        if not self.path.exists():
            return {}
        with self.path.open("rb") as log:
            log.seek(mark)
            text = log.read().decode("utf-8", "replace")
        prompt = [(float(ms), int(n)) for ms, n in _PROMPT.findall(text)]
        gen = [(float(ms), int(n)) for ms, n in _EVAL.findall(text)]
        total = [float(ms) for ms in _TOTAL.findall(text)]
        return {
            "requests": len(total),
            "evaluated_prompt_tokens": sum(n for _, n in prompt),
            "prompt_eval_seconds": round(sum(ms for ms, _ in prompt) / 1000, 2),
            "generated_tokens": sum(n for _, n in gen),
            "generation_seconds": round(sum(ms for ms, _ in gen) / 1000, 2),
            "server_total_seconds": round(sum(total) / 1000, 2),
        }


def server_log_for(base_url: str) -> ServerLog | None:
    """The log our LocalServer writes for the server on *base_url*'s port, if it is ours."""
    from summarizer.local.modelstore import cache_dir

    match = re.search(r":(\d+)(?:/|$)", base_url)
    if match is None:
        return None
    path = cache_dir() / "logs" / f"server-{match.group(1)}.log"
    return ServerLog(path) if path.exists() else None
