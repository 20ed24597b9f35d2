"""Time bounds of the embedded model's requests, against the scripted fake server.

What a user relies on: a request to our own model is bounded by its max_tokens at the
speed this machine showed at the server's start (so a slow machine is slow, not
failing), a request that ran out of that time is not sent again unchanged (at
temperature 0 it would take as long again), a remote one still is, and an answer that
runs away repeating itself is cut at max_tokens and reported as such.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fake_openai import FakeOpenAI, hang, length, ok, serve, status
from llm_answers import transfer_row

from summarizer import config
from summarizer.client import LLMClient, RetryPolicy
from summarizer.config import Backend, BackendKind, Mode, Speeds
from summarizer.errors import BackendError, ExtractionError
from summarizer.local.speeds import measure_speeds
from summarizer.oneshot.llm_schema import LLMDigest
from summarizer.oneshot.prompts import messages
from summarizer.oneshot.review import digest_check
from summarizer.pipeline import Summarizer, run_batch
from summarizer.schemas import Article, ArticleFailure, Result

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

SENTENCE = "Armenia handed 12 detainees to Azerbaijan on Monday, the mediators said."
ARTICLE = Article(
    id="armenia-12",
    text=f"{SENTENCE} The exchange took place at the border crossing, officials added.",
)
ANSWER: dict[str, Any] = {
    "transfers": [
        transfer_row(SENTENCE, "Armenia", "Azerbaijan", 12, category="detainees", when="Monday")
    ],
    "figures": [],
    "headline": "Armenia hands 12 detainees to Azerbaijan",
    "summary": "Armenia handed 12 detainees to Azerbaijan on Monday, according to mediators.",
}
FAST_RETRIES = RetryPolicy(attempts=4, initial_wait=0.01, max_wait=0.05, deadline=30)


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with serve() as state:
        yield state


@pytest.fixture
def no_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bound's constant part is 30 s for real servers; 0 keeps these tests short."""
    monkeypatch.setattr(config, "TIMEOUT_FLOOR", 0.0)


def local(server: FakeOpenAI, speeds: Speeds | None, **fields: Any) -> Backend:
    backend = Backend(
        kind=BackendKind.LOCAL,
        model="m",
        base_url=server.base_url,
        mode=Mode.JSON_SCHEMA,
        timeout=None,
        speeds=speeds,
    )
    return dataclasses.replace(backend, **fields)


def ask(client: LLMClient, max_tokens: int = 256) -> Any:
    return client.structured(
        LLMDigest,
        messages(ARTICLE),
        context={"check": digest_check(ARTICLE)},
        max_reasks=0,
        max_tokens=max_tokens,
    )


def test_json_schema_request_carries_the_schema_and_max_tokens_and_no_tools(
    server: FakeOpenAI,
) -> None:
    server.script(ok(ANSWER))
    client = LLMClient(local(server, Speeds(1000.0, 1000.0)))
    try:
        answer, stats = ask(client, max_tokens=300)
    finally:
        client.close()
    assert [t.count for t in answer.transfers] == [12]
    (request,) = server.chat_requests()
    body = request.json
    assert body["max_tokens"] == 300
    assert body["temperature"] == 0
    assert "tools" not in body and "tool_choice" not in body
    assert body["response_format"]["type"] == "json_schema"
    schema = body["response_format"]["json_schema"]["schema"]
    assert "transfers" in schema["properties"]
    assert stats.attempts == 1


def test_speeds_are_read_from_the_servers_timings_at_start(server: FakeOpenAI) -> None:
    server.throttle(400.0, 50.0).script(ok({"n": "1, 2, 3"}, completion_tokens=8))
    speeds = measure_speeds(server.base_url, "m")
    assert speeds == Speeds(400.0, 50.0)
    (warmup,) = server.chat_requests()
    assert warmup.json["max_tokens"] <= 64  # tiny: it delays every start


def test_no_measured_speed_when_the_server_does_not_answer_the_warmup(
    server: FakeOpenAI,
) -> None:
    server.script(status(503))
    assert measure_speeds(server.base_url, "m") is None


def test_a_machine_three_times_slower_finishes_every_article_within_its_bounds(
    server: FakeOpenAI, no_floor: None
) -> None:
    """The bound follows the speed measured at start: the same articles on a server three
    times slower all finish, where a fixed timeout that fit the fast machine cuts them."""
    fast = (8000.0, 2000.0)
    slow = (fast[0] / 3, fast[1] / 3)
    articles = [ARTICLE.model_copy(update={"id": f"a{i}"}) for i in range(2)]
    server.throttle(*slow).script(ok(ANSWER, completion_tokens=600))
    speeds = measure_speeds(server.base_url, "m")
    assert speeds == Speeds(round(slow[0], 2), round(slow[1], 2))

    results: list[Result] = []
    client = LLMClient(local(server, speeds))
    summarizer = Summarizer(client, None, max_reasks=0, extractor="one-call")  # one call each
    run_batch(articles, summarizer, results.append)
    client.close()
    assert [r.article_id for r in results if isinstance(r, ArticleFailure)] == []
    assert len(results) == 2

    # a fixed guess that was generous on the fast machine (2x one article's time there)
    one_fast = len(server.chat_requests()[-1].raw) / 4 / fast[0] + 600 / fast[1]
    fixed = local(server, speeds, timeout=2 * one_fast)
    client = LLMClient(fixed, FAST_RETRIES)
    failed: list[Result] = []
    run_batch(articles[:1], Summarizer(client, None, 0, "one-call"), failed.append)
    client.close()
    assert isinstance(failed[0], ArticleFailure) and "timed out" in failed[0].error


def test_a_local_request_that_times_out_is_not_sent_again(
    server: FakeOpenAI, no_floor: None
) -> None:
    server.script(hang(300))
    # 1,000 tokens/s: the bound for 256 tokens and this prompt is about a second
    client = LLMClient(local(server, Speeds(4000.0, 1000.0)), sleep=lambda s: None)
    started = time.monotonic()
    with pytest.raises(BackendError) as caught:
        ask(client)
    elapsed = time.monotonic() - started
    client.close()
    assert len(server.chat_requests()) == 1  # the same request would take as long again
    assert elapsed < 120  # one bound of about a second, not the 300 s hang
    message = str(caught.value)
    assert "timed out after" in message and "not sent again" in message
    assert "4000 prompt and 1000 generated tokens/s" in message


def test_a_remote_request_that_times_out_is_retried(server: FakeOpenAI) -> None:
    server.script(hang(30), ok(ANSWER))
    remote = local(server, None, kind=BackendKind.COMPATIBLE, timeout=0.5)
    client = LLMClient(remote, FAST_RETRIES)
    answer, _ = ask(client)
    client.close()
    assert [t.count for t in answer.transfers] == [12]
    assert len(server.chat_requests()) == 2


def test_the_transport_policy_follows_the_backend() -> None:
    base = Backend(BackendKind.LOCAL, "m", "http://127.0.0.1:1/v1", Mode.JSON_SCHEMA)
    assert RetryPolicy.for_backend(base).retry_read_timeouts is False
    for kind in (BackendKind.COMPATIBLE, BackendKind.OPENAI):
        remote = dataclasses.replace(base, kind=kind)
        assert RetryPolicy.for_backend(remote).retry_read_timeouts is True


def test_a_longer_max_tokens_gets_a_longer_bound(server: FakeOpenAI, no_floor: None) -> None:
    """Same speeds, same prompt: a request allowed 8x the tokens may take 8x as long."""
    server.script(ok(ANSWER, delay=1.5))
    speeds = Speeds(100_000.0, 256 / 0.3)  # 256 tokens in 0.3 s: x3 margin = 0.9 s < 1.5 s
    client = LLMClient(local(server, speeds), sleep=lambda s: None)
    with pytest.raises(BackendError, match="timed out"):
        ask(client, max_tokens=256)
    answer, _ = ask(client, max_tokens=2048)  # bound ~7 s
    client.close()
    assert [t.count for t in answer.transfers] == [12]


def test_a_runaway_answer_is_cut_at_max_tokens_and_reported_as_repetition(
    server: FakeOpenAI,
) -> None:
    loop = '{"evidence": "Armenia handed 12 detainees", ' * 40
    server.script(length('{"transfers": [' + loop[:-3]))
    client = LLMClient(local(server, Speeds(1000.0, 1000.0)))
    with pytest.raises(ExtractionError) as caught:
        ask(client, max_tokens=512)
    client.close()
    assert len(server.chat_requests()) == 1
    message = str(caught.value)
    assert "ran away" in message and "max_tokens=512" in message
    assert "Armenia handed 12 detainees" in message
    assert caught.value.context["runaway"] is True


def test_an_answer_cut_without_repeating_itself_says_to_raise_max_tokens(
    server: FakeOpenAI,
) -> None:
    server.script(length(json.dumps(ANSWER)[:-40]))
    client = LLMClient(local(server, Speeds(1000.0, 1000.0)))
    with pytest.raises(ExtractionError) as caught:
        ask(client, max_tokens=128)
    client.close()
    assert "cut off at max_tokens=128" in str(caught.value)
    assert caught.value.context["runaway"] is False
