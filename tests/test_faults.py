"""Fault injection against a real HTTP server that speaks the OpenAI API.

Each test scripts ``tests/fake_openai.py`` to misbehave the way real backends do
(rate limits, 5xx, hangs, dropped connections, broken bodies, answers that break
the schema or run out of tokens) and checks what a user relies on: the request
is retried or re-asked as appropriate, then the result is right or the error is
clear, after a bounded number of requests and a bounded time.

Transport retries use a recorded ``sleep`` so Retry-After handling is checked
without waiting for it.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fake_openai import (
    FakeOpenAI,
    Recorded,
    breaks_schema,
    close_mid_body,
    hang,
    length,
    malformed,
    ok,
    serve,
    status,
)
from llm_answers import transfer_row

from summarizer.client import CallStats, LLMClient, RetryingTransport, RetryPolicy
from summarizer.config import Backend, BackendKind, Mode
from summarizer.errors import BackendError, ExtractionError, SummarizerError
from summarizer.oneshot.llm_schema import LLMDigest
from summarizer.oneshot.prompts import messages
from summarizer.oneshot.review import digest_check, review
from summarizer.pipeline import Summarizer, run_batch
from summarizer.schemas import Article, ArticleFailure, Digest, Result

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

POLICY = RetryPolicy(attempts=3, initial_wait=0.01, max_wait=0.05, deadline=60)
API_KEY = "sk-fault-test-7f3a9c1e5b2d4680"

# --- articles and the answers a well-behaved model would give -------------------------

RUSSIA_SENTENCE = (
    "Russia returned the bodies of 40 soldiers to Ukraine on Friday, "
    "Ukraine's Coordination Headquarters said."
)
RUSSIA_ARTICLE = Article(
    id="russia-40",
    source="fault-marker-alpha",
    text=(
        f"{RUSSIA_SENTENCE} The International Committee of the Red Cross helped with "
        "the handover, the headquarters said."
    ),
)
RUSSIA_DIGEST: dict[str, Any] = {
    "transfers": [
        transfer_row(
            RUSSIA_SENTENCE,
            "Russia",
            "Ukraine",
            40,
            reported_by=["Ukraine's Coordination Headquarters"],
            when="Friday",
            mediators=["International Committee of the Red Cross"],
        )
    ],
    "figures": [],
    "headline": "Russia returns the bodies of 40 soldiers to Ukraine",
    "summary": (
        "Russia returned the bodies of 40 soldiers to Ukraine on Friday, according to "
        "Ukraine's Coordination Headquarters. The headquarters said the International "
        "Committee of the Red Cross helped with the handover."
    ),
}

UKRAINE_SENTENCE = (
    "Ukraine handed over the bodies of 25 Russian soldiers to Russia on Saturday, "
    "Russia's Defence Ministry said."
)
UKRAINE_ARTICLE = Article(
    id="ukraine-25",
    source="fault-marker-gamma",
    text=(
        f"{UKRAINE_SENTENCE} The handover took place at the border with Belarus, the ministry said."
    ),
)
UKRAINE_DIGEST: dict[str, Any] = {
    "transfers": [
        transfer_row(
            UKRAINE_SENTENCE,
            "Ukraine",
            "Russia",
            25,
            reported_by=["Russia's Defence Ministry"],
            when="Saturday",
            location="the border with Belarus",
        )
    ],
    "figures": [],
    "headline": "Ukraine hands over the bodies of 25 soldiers to Russia",
    "summary": (
        "Ukraine handed over the bodies of 25 Russian soldiers to Russia on Saturday, "
        "according to Russia's Defence Ministry. The ministry said the handover took place "
        "at the border with Belarus."
    ),
}

FAILING_ARTICLE = Article(
    id="fails-500",
    source="fault-marker-beta",
    text=(
        "Ukraine and Russia exchanged 95 prisoners of war on Sunday, "
        "Ukraine's Coordination Headquarters said."
    ),
)

# Evidence the article never says: grounding (a model_validator) re-asks with the rule.
UNGROUNDED_DIGEST = {
    **RUSSIA_DIGEST,
    "transfers": [
        {**RUSSIA_DIGEST["transfers"][0], "evidence": "Moscow sent 40 coffins west on Friday."}
    ],
}
# Valid JSON, valid tool call; missing fields and wrong types.
SCHEMA_BREAK = {"transfers": "none", "figures": [{"value": "many"}]}


# --- harness -----------------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with serve() as state:
        yield state


Connect = Callable[..., tuple[LLMClient, list[float]]]


@pytest.fixture
def connect(server: FakeOpenAI) -> Iterator[Connect]:
    """An LLMClient on the fake server whose transport sleeps are recorded, not slept."""
    clients: list[LLMClient] = []

    def make(
        *, timeout: float = 5.0, policy: RetryPolicy = POLICY
    ) -> tuple[LLMClient, list[float]]:
        backend = Backend(
            kind=BackendKind.COMPATIBLE,
            model="m",
            base_url=server.base_url,
            mode=Mode.TOOLS,
            api_key=API_KEY,
            timeout=timeout,
        )
        client = LLMClient(backend, policy)
        # LLMClient builds its RetryingTransport itself; swap in a recording sleep.
        transport = client._http._transport
        assert isinstance(transport, RetryingTransport)
        sleeps: list[float] = []
        transport.sleep = sleeps.append
        clients.append(client)
        return client, sleeps

    yield make
    for client in clients:
        client.close()


def extract(
    client: LLMClient, *, max_reasks: int = 1, max_tokens: int | None = None
) -> tuple[LLMDigest, CallStats]:
    return client.structured(
        LLMDigest,
        messages(RUSSIA_ARTICLE),
        context={"check": digest_check(RUSSIA_ARTICLE)},
        max_reasks=max_reasks,
        max_tokens=max_tokens,
    )


def assert_russia_answer(answer: LLMDigest) -> None:
    assert [t.count for t in answer.transfers] == [40]
    assert answer.transfers[0].evidence == RUSSIA_SENTENCE


def tool_messages(request: Recorded) -> list[dict[str, Any]]:
    return [m for m in request.messages if m.get("role") == "tool"]


# --- the scripted answers themselves --------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "article"),
    [(RUSSIA_DIGEST, RUSSIA_ARTICLE), (UKRAINE_DIGEST, UKRAINE_ARTICLE)],
    ids=["russia", "ukraine"],
)
def test_scripted_answers_pass_the_grounding_review(
    answer: dict[str, Any], article: Article
) -> None:
    """Guard for the rest of the file: the 'ok' answers are ones the pipeline accepts."""
    checked = review(LLMDigest.model_validate(answer), article)
    assert checked.problems == []
    assert checked.summary_problems == []
    assert len(checked.transfers) == 1


def test_ok_answer_is_one_request_with_a_forced_tool_call(
    server: FakeOpenAI, connect: Connect
) -> None:
    server.script(ok(RUSSIA_DIGEST, prompt_tokens=321, completion_tokens=123))
    client, sleeps = connect()

    answer, stats = extract(client)

    assert_russia_answer(answer)
    (request,) = server.chat_requests()
    assert request.json["tool_choice"] == {"type": "function", "function": {"name": "LLMDigest"}}
    assert request.json["tools"][0]["function"]["name"] == "LLMDigest"
    assert (stats.attempts, stats.prompt_tokens, stats.completion_tokens) == (1, 321, 123)
    assert sleeps == []


# --- transport faults: retried below the openai client --------------------------------------


@pytest.mark.parametrize(
    ("retry_after", "expected_sleep"),
    [
        ("0.03", 0.03),  # honoured as given
        ("7", 0.05),  # longer than max_wait: capped
        (
            email.utils.formatdate(time.time() + 120, usegmt=True),  # HTTP-date form
            0.05,
        ),
    ],
    ids=["seconds", "capped", "http-date"],
)
def test_429_with_retry_after_is_retried_after_the_advertised_wait(
    server: FakeOpenAI, connect: Connect, retry_after: str, expected_sleep: float
) -> None:
    server.script(status(429, retry_after=retry_after), ok(RUSSIA_DIGEST))
    client, sleeps = connect()

    answer, stats = extract(client)

    assert_russia_answer(answer)
    assert len(server.chat_requests()) == 2
    assert sleeps == [pytest.approx(expected_sleep)]
    assert stats.attempts == 1  # one structured attempt; the retry was the transport's


def test_500_then_503_then_ok_succeeds_after_three_requests(
    server: FakeOpenAI, connect: Connect
) -> None:
    server.script(status(500), status(503), ok(RUSSIA_DIGEST))
    client, sleeps = connect()

    answer, _ = extract(client)

    assert_russia_answer(answer)
    requests = server.chat_requests()
    assert len(requests) == 3
    assert requests[0].raw == requests[1].raw == requests[2].raw  # the same request re-sent
    assert len(sleeps) == 2
    assert all(0 <= s <= POLICY.max_wait for s in sleeps)  # backoff within the cap


@pytest.mark.parametrize("code", [500, 503, 429])
def test_persistent_transient_status_gives_backend_error_after_exactly_attempts(
    server: FakeOpenAI, connect: Connect, code: int
) -> None:
    server.script(status(code))
    client, sleeps = connect()

    with pytest.raises(BackendError) as caught:
        extract(client, max_reasks=2)

    assert len(server.chat_requests()) == POLICY.attempts  # not multiplied by re-asks
    assert len(sleeps) == POLICY.attempts - 1
    assert f"HTTP {code}" in str(caught.value)
    assert caught.value.context["status"] == code
    assert "\n" not in str(caught.value)


def test_401_is_not_retried_and_names_the_key(server: FakeOpenAI, connect: Connect) -> None:
    server.script(status(401))
    client, sleeps = connect()

    with pytest.raises(BackendError) as caught:
        extract(client, max_reasks=2)

    assert len(server.chat_requests()) == 1
    assert sleeps == []
    message = str(caught.value)
    assert "API key" in message
    assert caught.value.context["status"] == 401
    assert API_KEY not in message  # names the key, never prints it


@pytest.mark.parametrize("code", [400, 404, 422])
def test_other_client_errors_are_not_retried(
    server: FakeOpenAI, connect: Connect, code: int
) -> None:
    server.script(status(code))
    client, sleeps = connect()

    with pytest.raises(BackendError, match=f"HTTP {code}"):
        extract(client, max_reasks=2)

    assert len(server.chat_requests()) == 1
    assert sleeps == []


def test_hang_past_the_client_timeout_then_ok_succeeds(
    server: FakeOpenAI, connect: Connect
) -> None:
    server.script(hang(120), ok(RUSSIA_DIGEST))
    client, sleeps = connect(timeout=0.5)

    started = time.monotonic()
    answer, _ = extract(client)
    elapsed = time.monotonic() - started

    assert_russia_answer(answer)
    assert len(server.chat_requests()) == 2
    assert len(sleeps) == 1
    assert 0.4 < elapsed < 60  # waited for one timeout, not for the 120 s hang


def test_always_hang_gives_timeout_error_within_bounded_time(
    server: FakeOpenAI, connect: Connect
) -> None:
    server.script(hang(300))
    client, _ = connect(timeout=0.5)

    started = time.monotonic()
    with pytest.raises(BackendError) as caught:
        extract(client, max_reasks=2)
    elapsed = time.monotonic() - started

    assert "timed out" in str(caught.value)
    assert len(server.chat_requests()) == POLICY.attempts
    assert elapsed < 120  # a few timeouts and backoffs, not one 300 s hang


def test_retry_deadline_bounds_the_total_time(server: FakeOpenAI, connect: Connect) -> None:
    server.script(hang(300))
    policy = RetryPolicy(attempts=200, initial_wait=0.01, max_wait=0.05, deadline=0.8)
    client, _ = connect(timeout=0.5, policy=policy)

    started = time.monotonic()
    with pytest.raises(BackendError, match="timed out"):
        extract(client)
    elapsed = time.monotonic() - started

    # a retry only while the 0.8 s deadline is not spent: after 0.5 s (if the machine
    # kept up) but never after two 0.5 s timeouts; 200 attempts would take 100 s
    assert len(server.chat_requests()) in (1, 2)
    assert elapsed < 60


def test_connection_closed_mid_body_then_ok_succeeds(server: FakeOpenAI, connect: Connect) -> None:
    server.script(close_mid_body(), ok(RUSSIA_DIGEST))
    client, sleeps = connect()

    answer, stats = extract(client)

    assert_russia_answer(answer)
    assert len(server.chat_requests()) == 2
    assert len(sleeps) == 1
    assert stats.attempts == 1


def test_connection_closed_mid_body_every_time_gives_backend_error(
    server: FakeOpenAI, connect: Connect
) -> None:
    server.script(close_mid_body())
    client, _ = connect()

    with pytest.raises(BackendError):
        extract(client, max_reasks=2)

    assert len(server.chat_requests()) == POLICY.attempts


MALFORMED = [
    malformed(),  # claims JSON, is not
    malformed(b"<html><body>502 Bad Gateway</body></html>", content_type="text/html"),
]


@pytest.mark.parametrize("body", MALFORMED, ids=["json-type", "html-page"])
def test_malformed_body_is_an_error_after_bounded_requests(
    server: FakeOpenAI, connect: Connect, body: Any
) -> None:
    server.script(body)
    client, _ = connect()

    started = time.monotonic()
    with pytest.raises(SummarizerError) as caught:
        extract(client, max_reasks=2)

    assert len(server.chat_requests()) <= 3  # at most max_reasks + 1, never a loop
    assert time.monotonic() - started < 60
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("body", MALFORMED, ids=["json-type", "html-page"])
def test_malformed_body_is_reported_as_a_backend_fault(
    server: FakeOpenAI, connect: Connect, body: Any
) -> None:
    server.script(body)
    client, _ = connect()

    with pytest.raises(BackendError, match="JSON"):
        extract(client, max_reasks=2)


# --- answer faults: re-asked by instructor ----------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "expected_text"),
    [
        (SCHEMA_BREAK, "Input should be a valid array"),
        (UNGROUNDED_DIGEST, "is not in the article; copy the sentence exactly"),
    ],
    ids=["schema", "grounding"],
)
def test_broken_answer_then_valid_answer_succeeds_via_a_reask(
    server: FakeOpenAI, connect: Connect, bad: dict[str, Any], expected_text: str
) -> None:
    server.script(breaks_schema(bad), ok(RUSSIA_DIGEST))
    client, sleeps = connect()

    answer, stats = extract(client, max_reasks=1)

    assert_russia_answer(answer)
    first, second = server.chat_requests()
    assert tool_messages(first) == []
    (reask,) = tool_messages(second)
    assert "Validation Error found" in reask["content"]
    assert expected_text in reask["content"]
    # the model sees its own broken call before the correction
    assistant = second.messages[-2]
    assert assistant["role"] == "assistant"
    assert json.loads(assistant["tool_calls"][0]["function"]["arguments"]) == bad
    assert stats.attempts == 2
    assert (stats.prompt_tokens, stats.completion_tokens) == (200, 100)
    assert sleeps == []  # a re-ask is not a transport retry


@pytest.mark.parametrize("max_reasks", [0, 2])
def test_schema_broken_every_time_gives_extraction_error(
    server: FakeOpenAI, connect: Connect, max_reasks: int
) -> None:
    server.script(breaks_schema(SCHEMA_BREAK))
    client, _ = connect()

    with pytest.raises(ExtractionError) as caught:
        extract(client, max_reasks=max_reasks)

    context = caught.value.context
    assert context["attempts"] == max_reasks + 1
    assert len(server.chat_requests()) == max_reasks + 1
    assert json.loads(context["last_output"]) == SCHEMA_BREAK
    assert len(context["outputs"]) == max_reasks + 1
    assert "broke the schema" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_finish_reason_length_gives_extraction_error_mentioning_max_tokens(
    server: FakeOpenAI, connect: Connect
) -> None:
    server.script(length())
    client, _ = connect()

    with pytest.raises(ExtractionError) as caught:
        extract(client, max_reasks=2, max_tokens=64)

    (request,) = server.chat_requests()  # re-asking cannot fix a token limit
    assert request.json["max_tokens"] == 64
    assert "max_tokens=64" in str(caught.value)
    assert caught.value.context["last_output"].startswith('{"transfers"')


# --- the pipeline: results or per-article failures ----------------------------------------


def test_pipeline_digest_after_a_reask_counts_both_attempts(
    server: FakeOpenAI, connect: Connect
) -> None:
    server.script(status(429, retry_after="1"), breaks_schema(SCHEMA_BREAK), ok(RUSSIA_DIGEST))
    client, sleeps = connect()

    digest = Summarizer(client, cache=None, max_reasks=1, extractor="one-call").summarize(
        RUSSIA_ARTICLE
    )

    assert [(t.from_, t.to, t.count) for e in digest.events for t in e.transfers] == [
        ("Russia", "Ukraine", 40)
    ]
    assert digest.summary.text == RUSSIA_DIGEST["summary"]
    assert digest.provenance.attempts == 2
    assert digest.provenance.usage.prompt_tokens == 200
    assert len(server.chat_requests()) == 3
    assert sleeps == [pytest.approx(0.05)]


def test_article_text_reaches_the_model_verbatim_even_with_template_syntax(
    server: FakeOpenAI, connect: Connect
) -> None:
    odd = " Protesters held signs reading {{ 7 * 6 }} and {% raw %}, {# not a comment #}."
    article = RUSSIA_ARTICLE.model_copy(update={"text": RUSSIA_ARTICLE.text + odd})
    server.script(ok(RUSSIA_DIGEST))
    client, _ = connect()

    digest = Summarizer(client, cache=None, max_reasks=0, extractor="one-call").summarize(article)

    sent = json.dumps(server.chat_requests()[0].json["messages"])
    assert "{{ 7 * 6 }} and {% raw %}, {# not a comment #}." in json.loads(sent)[-1]["content"]
    assert [t.count for e in digest.events for t in e.transfers] == [40]


def test_without_a_reask_budget_a_loaded_summary_costs_no_second_call(
    server: FakeOpenAI, connect: Connect
) -> None:
    loaded = {**RUSSIA_DIGEST, "summary": RUSSIA_DIGEST["summary"] + " It was a heroic return."}
    server.script(ok(loaded))
    client, _ = connect()

    digest = Summarizer(client, cache=None, max_reasks=0, extractor="one-call").summarize(
        RUSSIA_ARTICLE
    )

    assert len(server.chat_requests()) == 1
    assert digest.provenance.attempts == 1
    assert "heroic" not in digest.summary.text
    assert "40" in digest.summary.text
    assert any("built from the records" in w for w in digest.provenance.warnings)


def test_batch_isolates_the_article_whose_requests_fail(
    server: FakeOpenAI, connect: Connect
) -> None:
    server.route(FAILING_ARTICLE.source or "", status(500))
    server.route(RUSSIA_ARTICLE.source or "", ok(RUSSIA_DIGEST))
    server.route(UKRAINE_ARTICLE.source or "", ok(UKRAINE_DIGEST))
    client, _ = connect()
    results: dict[str, Result] = {}

    started = time.monotonic()
    report = run_batch(
        [RUSSIA_ARTICLE, FAILING_ARTICLE, UKRAINE_ARTICLE],
        Summarizer(client, cache=None, max_reasks=1, extractor="one-call"),
        lambda result: results.__setitem__(result.article_id, result),
        concurrency=2,
    )

    assert time.monotonic() - started < 60
    assert (report.succeeded, report.failed) == (2, 1)
    first, middle, third = (
        results[a.id] for a in (RUSSIA_ARTICLE, FAILING_ARTICLE, UKRAINE_ARTICLE)
    )
    assert isinstance(first, Digest)
    assert isinstance(third, Digest)
    assert [t.count for e in first.events for t in e.transfers] == [40]
    assert [t.count for e in third.events for t in e.transfers] == [25]
    assert isinstance(middle, ArticleFailure)
    assert middle.error_type == "BackendError"
    assert "HTTP 500" in middle.error
    assert "\n" not in middle.error
    assert middle.source == FAILING_ARTICLE.source
    assert report.failures == [middle]
    failing = [r for r in server.chat_requests() if b"fault-marker-beta" in r.raw]
    assert len(failing) == POLICY.attempts


# --- secrets ----------------------------------------------------------------------------------


def test_api_key_travels_only_in_the_authorization_header(
    server: FakeOpenAI, connect: Connect
) -> None:
    server.script(status(503), breaks_schema(SCHEMA_BREAK), ok(RUSSIA_DIGEST))
    client, _ = connect()

    extract(client, max_reasks=1)

    requests = server.chat_requests()
    assert len(requests) == 3
    for request in requests:
        assert request.headers["authorization"] == f"Bearer {API_KEY}"
        assert API_KEY.encode() not in request.raw
        assert API_KEY not in request.path
        others = {k: v for k, v in request.headers.items() if k != "authorization"}
        assert API_KEY not in json.dumps(others)
    assert API_KEY not in repr(client.backend)


# --- known bugs -------------------------------------------------------------------------------


def test_timeout_message_states_the_configured_timeout(
    server: FakeOpenAI, connect: Connect
) -> None:
    server.script(hang(30))
    client, _ = connect(timeout=0.5, policy=RetryPolicy(attempts=1, deadline=5))

    with pytest.raises(BackendError) as caught:
        extract(client)

    assert "after 0.5s" in str(caught.value)


def test_backend_error_context_names_the_base_url(server: FakeOpenAI, connect: Connect) -> None:
    server.script(status(401))
    client, _ = connect()

    with pytest.raises(BackendError) as caught:
        extract(client)

    assert caught.value.context.get("base_url") == server.base_url
