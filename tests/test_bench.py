"""The benchmark's own instruments: if they miscount, every figure in docs/benchmarks.md
is wrong, so they are tested like the product."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from fake_openai import ok, serve

from bench.approaches import Row
from bench.floor import Speeds, floor_seconds, gold_digest_text
from bench.meter import metering_proxy
from bench.replay_server import load_answers
from bench.replay_server import serve as serve_cassette
from bench.report import number_faithfulness
from bench.serverlog import ServerLog
from summarizer.evaluation.fixtures import Fixture

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
CASSETTE = Path(__file__).resolve().parent.parent / "cassettes" / "eval" / "qwen2.5-coder-1.5b.yaml"
CHAT = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "tools": []}


def test_meter_counts_calls_and_tokens_of_everything_proxied() -> None:
    with serve() as fake:
        fake.script(ok({}, prompt_tokens=120, completion_tokens=30), ok({}, prompt_tokens=80))
        with metering_proxy(fake.base_url) as (url, meter), httpx.Client() as http:
            before = meter.mark()
            first = http.post(f"{url}/chat/completions", json=CHAT)
            second = http.post(f"{url}/chat/completions", json=CHAT)
            used = meter.since(before)

    assert first.status_code == second.status_code == 200
    assert first.json()["usage"]["prompt_tokens"] == 120  # the body passes through intact
    assert used["llm_calls"] == 2
    assert (used["prompt_tokens"], used["completion_tokens"]) == (200, 80)
    assert used["errors"] == 0


def test_meter_phases_do_not_leak_into_each_other() -> None:
    with serve() as fake:
        fake.script(ok({}, prompt_tokens=7), ok({}, prompt_tokens=11))
        with metering_proxy(fake.base_url) as (url, meter), httpx.Client() as http:
            http.post(f"{url}/chat/completions", json=CHAT)
            second_phase = meter.mark()
            http.post(f"{url}/chat/completions", json=CHAT)
            assert meter.since(second_phase)["prompt_tokens"] == 11


def test_replay_server_answers_a_recorded_request_and_refuses_others() -> None:
    recorded_body, answer = next(iter(load_answers(CASSETTE).items()))
    with serve_cassette(CASSETTE) as (url, counters), httpx.Client() as http:
        hit = http.post(
            f"{url}/chat/completions",
            content=recorded_body,
            headers={"content-type": "application/json"},
        )
        miss = http.post(f"{url}/chat/completions", json={**CHAT, "model": "other"})

    assert hit.status_code == 200 and hit.content == answer
    assert miss.status_code == 404
    assert counters == {"hits": 1, "misses": 1}


def test_floor_is_reading_the_article_plus_writing_the_gold_digest() -> None:
    speeds = Speeds(prompt_tokens_per_s=130.0, generation_tokens_per_s=25.0,
                    prompt_sample_tokens=0, generation_sample_tokens=0)  # fmt: skip
    assert floor_seconds(1300, 250, speeds) == pytest.approx(10.0 + 10.0)


def test_gold_digest_text_is_compact_json_of_the_gold_records() -> None:
    gold = {"events": [{"status": "completed", "transfers": []}], "figures": [], "notes": "x"}
    text = gold_digest_text(gold)
    assert json.loads(text) == {"events": gold["events"], "figures": []}
    assert " " not in text and "notes" not in text


def test_number_faithfulness_counts_record_numbers_missing_from_the_article() -> None:
    fixture = Fixture(id="a", text="Russia returned twelve bodies and 300 prisoners.")
    digest = {
        "events": [{"transfers": [{"count": 12}, {"count": 300}, {"count": None}]}],
        "figures": [{"value": 45}],
    }
    rows = [Row("a", 1.0, 1, 10, 5, digest=digest)]
    assert number_faithfulness(rows, [fixture]) == pytest.approx(2 / 3)


PERF = """llama_perf_context_print: prompt eval time =    5117.19 ms /   406 tokens (12.60 ms)
llama_perf_context_print:        eval time =    6683.70 ms /   199 runs   (33.59 ms per token)
llama_perf_context_print:       total time =   14141.75 ms /   605 tokens
"""


def test_server_log_sums_only_the_requests_after_the_mark(tmp_path: Path) -> None:
    log = ServerLog(tmp_path / "server.log")
    log.path.write_text("INFO: startup\n" + PERF)
    mark = log.mark()
    with log.path.open("a") as f:
        f.write(PERF.replace("406 tokens", "30 tokens"))

    assert log.since(mark) == {
        "requests": 1,
        "evaluated_prompt_tokens": 30,
        "prompt_eval_seconds": 5.12,
        "generated_tokens": 199,
        "generation_seconds": 6.68,
        "server_total_seconds": 14.14,
    }
    assert log.since(0)["evaluated_prompt_tokens"] == 436
