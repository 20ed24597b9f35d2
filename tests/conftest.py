"""Shared test setup: cassettes recorded from the real local llama.cpp server.

Replay (the default, ``--record-mode=none --block-network`` in pyproject) needs no
server. To (re-)record, with the model installed:

    pytest tests/test_summarize_cassettes.py --record-mode=rewrite

which starts the embedded server, sends real requests and stores them with the
port normalised, secrets filtered and volatile response headers dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.client import LLMClient
from summarizer.config import Backend, BackendKind, Mode, select_backend

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
FIXTURES = ROOT / "eval" / "fixtures"
REPLAY_URL = "http://127.0.0.1:8000/v1"  # every recorded local port is rewritten to this
_LOCAL = re.compile(r"^http://127\.0\.0\.1:\d+/")
_KEEP_RESPONSE_HEADERS = {"content-type"}
_SECRET_HEADERS = ["authorization", "cookie", "set-cookie", "openai-organization",
                   "openai-project", "x-api-key", "api-key"]


def _normalise_request(request: Any) -> Any:
    request.uri = _LOCAL.sub("http://127.0.0.1:8000/", request.uri)
    for name in list(request.headers):
        if name.lower() in _SECRET_HEADERS or name.lower().startswith("x-stainless"):
            del request.headers[name]
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    response["headers"] = {k: v for k, v in response["headers"].items()
                           if k.lower() in _KEEP_RESPONSE_HEADERS}
    return response


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "filter_headers": _SECRET_HEADERS,
        "before_record_request": _normalise_request,
        "before_record_response": _scrub_response,
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(CASSETTES / request.module.__name__.split(".")[-1])


def recording(config: pytest.Config) -> bool:
    return config.getoption("--record-mode") not in (None, "none")


@pytest.fixture(scope="session")
def local_backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    """The embedded model's backend: a live server when recording, else the replay URL."""
    if not recording(request.config):
        yield Backend(kind=BackendKind.LOCAL, model="qwen2.5-coder-1.5b",
                      base_url=REPLAY_URL, mode=Mode.TOOLS)
        return
    from summarizer.session import open_backend

    with open_backend(select_backend(local=True, env={})) as live:
        yield live


@pytest.fixture
def llm_client(local_backend: Backend) -> Iterator[LLMClient]:
    client = LLMClient(local_backend)
    yield client
    client.close()
