"""Record and replay LLM HTTP traffic with vcrpy (tests and ``eval --replay``).

Requests are matched on their body, so a changed prompt or schema cannot
silently replay an old answer. Secrets never reach a cassette: auth, cookie and
organisation headers are filtered from requests, and responses keep only their
content type. The local server's random port is rewritten to a fixed one.

The local server's own start (its health checks and the speed warm-up) never enters a
cassette, even when the server starts lazily in the middle of a recording: those
requests carry ``HOUSEKEEPING_HEADER``, and a request that ``normalise_request`` maps
to None is neither recorded nor looked up (vcrpy sends it to the real server).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from summarizer.config import Mode
from summarizer.errors import ConfigError

REPLAY_URL = "http://127.0.0.1:8000/v1"
HOUSEKEEPING_HEADER = "x-summarizer-housekeeping"
_LOCAL = re.compile(r"^http://127\.0\.0\.1:\d+/")
KEEP_RESPONSE_HEADERS = {"content-type"}
SECRET_HEADERS = [
    "authorization",
    "cookie",
    "set-cookie",
    "openai-organization",
    "openai-project",
    "x-api-key",
    "api-key",
]


def normalise_request(request: Any) -> Any:
    if request.headers.get(HOUSEKEEPING_HEADER) is not None:
        return None  # the local server's start: not part of any recording
    request.uri = _LOCAL.sub("http://127.0.0.1:8000/", request.uri)
    for name in list(request.headers):
        if name.lower() in SECRET_HEADERS or name.lower().startswith("x-stainless"):
            del request.headers[name]
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    response["headers"] = {
        k: v for k, v in response["headers"].items() if k.lower() in KEEP_RESPONSE_HEADERS
    }
    return response


def vcr_config() -> dict[str, Any]:
    return {
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "filter_headers": SECRET_HEADERS,
        "before_record_request": normalise_request,
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
    }


@contextlib.contextmanager
def cassette(path: Path, record: bool) -> Iterator[None]:
    """Replay (record=False: a request not on the cassette is an error) or record."""
    try:
        import vcr
    except ImportError:
        raise ConfigError(
            "replaying or recording cassettes needs vcrpy: pip install 'summarizer[dev]'"
        ) from None
    if not record and not path.is_file():
        raise ConfigError(f"no cassette at {path}; record one first", options=("record",))
    recorder = vcr.VCR(record_mode="all" if record else "none", **vcr_config())
    # re-recording replaces the file: vcrpy's "all" mode would otherwise keep every old
    # interaction this run did not repeat (stale requests of an earlier prompt or budget)
    with recorder.use_cassette(str(path), drop_unused_requests=record):
        yield


def recorded_mode(path: Path) -> Mode | None:
    """The structured-output mode a cassette's requests were sent in, so a replay sends
    the same bodies (the default mode of a backend can change after the recording)."""
    try:
        import yaml

        tape = yaml.safe_load(path.read_text(encoding="utf-8"))
        for interaction in tape.get("interactions") or []:
            body = json.loads(interaction["request"]["body"] or "null")
            if not isinstance(body, dict) or "messages" not in body:
                continue
            if body.get("tools"):
                return Mode.TOOLS
            kind = str((body.get("response_format") or {}).get("type"))
            return {"json_schema": Mode.JSON_SCHEMA, "json_object": Mode.JSON}.get(kind)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, ImportError):
        return None
    return None
