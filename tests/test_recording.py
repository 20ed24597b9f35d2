"""Re-recording a cassette leaves exactly what the run sent: no stale interactions."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import yaml
from fake_openai import ok, serve

from summarizer.recording import cassette

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def record(path: Path, base_url: str, marker: str) -> None:
    with cassette(path, record=True), httpx.Client() as http:
        body = {"model": "m", "messages": [{"role": "user", "content": marker}]}
        assert http.post(f"{base_url}/chat/completions", json=body).status_code == 200


def test_re_recording_drops_interactions_the_new_run_did_not_make(tmp_path: Path) -> None:
    tape = tmp_path / "tape.yaml"
    with serve() as fake:
        fake.script(ok({}), ok({}))
        record(tape, fake.base_url, "old prompt")
        record(tape, fake.base_url, "new prompt")

    bodies = [i["request"]["body"] for i in yaml.safe_load(tape.read_text())["interactions"]]
    assert len(bodies) == 1 and "new prompt" in bodies[0]
