"""Shared test setup: cassettes recorded from the real local llama.cpp server.

Replay (the default, ``--record-mode=none --block-network`` in pyproject) needs no
server. To (re-)record, with the model installed:

    pytest tests/test_summarize_cassettes.py --record-mode=rewrite

which starts the embedded server, sends real requests and stores them with the
port normalised, secrets filtered and volatile response headers dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.client import LLMClient
from summarizer.config import Backend, BackendKind, Mode, select_backend
from summarizer.recording import REPLAY_URL
from summarizer.recording import vcr_config as recording_config

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
# The mode the cassettes were recorded in (llama-cpp-python, tools); the embedded
# default is json_schema now, so replay and re-recording both pin it until the
# cassettes are re-recorded from the xllamacpp server.
CASSETTE_MODE = Mode.TOOLS


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return recording_config()


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(CASSETTES / request.module.__name__.split(".")[-1])


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of the test's own (``SUMMARIZER_CACHE_DIR``: models, digests,
    ``server.json``, ``speeds.json``, server logs), so tests that start servers or install
    models never touch the user's. Not autouse: re-recording cassettes needs the real
    model from the user's cache. Modules that want it for every test say
    ``pytestmark = pytest.mark.usefixtures("cache")``; a test may take it to read the path."""
    path = tmp_path / "cache"
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(path))
    return path


def recording(config: pytest.Config) -> bool:
    return config.getoption("--record-mode") not in (None, "none")


@pytest.fixture(scope="session")
def local_backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    """The embedded model's backend: a live server when recording, else the replay URL."""
    if not recording(request.config):
        yield Backend(
            kind=BackendKind.LOCAL,
            model="qwen2.5-coder-1.5b",
            base_url=REPLAY_URL,
            mode=CASSETTE_MODE,
            timeout=None,
        )
        return
    from summarizer.local.session import open_backend

    with open_backend(select_backend(local=True, mode=CASSETTE_MODE.value, env={})) as live:
        yield live


@pytest.fixture
def llm_client(local_backend: Backend) -> Iterator[LLMClient]:
    client = LLMClient(local_backend)
    yield client
    client.close()
