"""Short articles, the answers a well-behaved model gives for them, and a clean CLI run.

Each article carries a unique marker in its ``source:`` header; the prompt repeats
the source, so a fake server routed on the marker answers each article with its
own digest, whatever the order or concurrency.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from fake_openai import FakeOpenAI, ok
from llm_answers import transfer_row

ROOT = Path(__file__).resolve().parent.parent


def marker(i: int) -> str:
    return f"cli-marker-{i:02d}"  # two digits: no marker is a prefix of another


def article_id(i: int) -> str:
    return f"article-{i:02d}"


def count(i: int) -> int:
    return 31 + i


def sentence(i: int) -> str:
    return (
        f"Russia returned the bodies of {count(i)} soldiers to Ukraine on Friday, "
        "Ukraine's Coordination Headquarters said."
    )


def article_text(i: int) -> str:
    return (
        f"source: {marker(i)}\n\n{sentence(i)} The International Committee of the Red Cross "
        "helped with the handover, the headquarters said.\n"
    )


def answer(i: int) -> dict[str, Any]:
    """An LLMDigest answer that passes the grounding review for article *i*."""
    return {
        "transfers": [
            transfer_row(
                sentence(i),
                "Russia",
                "Ukraine",
                count(i),
                reported_by=["Ukraine's Coordination Headquarters"],
                when="Friday",
                mediators=["International Committee of the Red Cross"],
            )
        ],
        "figures": [],
        "headline": f"Russia returns the bodies of {count(i)} soldiers to Ukraine",
        "summary": (
            f"Russia returned the bodies of {count(i)} soldiers to Ukraine on Friday, "
            "according to Ukraine's Coordination Headquarters. The headquarters said the "
            "International Committee of the Red Cross helped with the handover."
        ),
    }


def write_articles(directory: Path, n: int) -> list[str]:
    """*n* article files in *directory*; returns their ids (the file stems)."""
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (directory / f"{article_id(i)}.txt").write_text(article_text(i), encoding="utf-8")
    return [article_id(i) for i in range(n)]


def route_answers(
    server: FakeOpenAI, n: int, delay: float = 0.0, *, held_from: int | None = None
) -> threading.Event:
    """Route each article to its answer; articles from *held_from* on are held until the
    returned event is set (so a test can act while they are in flight)."""
    gate = threading.Event()
    for i in range(n):
        until = gate if held_from is not None and i >= held_from else None
        server.route(marker(i), ok(answer(i), delay=delay, until=until))
    return gate


def requests_about(server: FakeOpenAI, i: int) -> int:
    return sum(marker(i).encode() in r.raw for r in server.chat_requests())


def clean_env(cache_dir: Path, **extra: str) -> dict[str, str]:
    """The environment minus anything that picks a backend or a key, plus *extra*.

    The scripted answers are one-call digests, so the runs use that extractor."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SUMMARIZER_", "OPENAI_")) and k != "PYTHONWARNINGS"
    }
    env.update(
        SUMMARIZER_CACHE_DIR=str(cache_dir),
        SUMMARIZER_EXTRACTOR="one-call",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def summarizer_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", *args]


def run_cli(
    *args: str, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        summarizer_cmd(*args),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
