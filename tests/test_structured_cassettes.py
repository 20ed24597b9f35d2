"""The default (structured) extractor end to end, replayed from cassettes recorded from
the real embedded server in json_schema mode.

Code reads each sentence; the model is asked only which way a group went when the words
do not say. These tests pin what users rely on: every record is grounded and attributed,
the model can only pick among the article's own sides, an article code can read whole
costs no LLM call, and the summary states records only.

Re-record (needs the model): pytest tests/test_structured_cassettes.py --record-mode=rewrite
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.articles import clean_text, load
from summarizer.cache import DigestCache
from summarizer.client import LLMClient
from summarizer.config import Backend, BackendKind, Mode, select_backend
from summarizer.grounding import evidence_found, number_occurs
from summarizer.neutrality import find_violations
from summarizer.normalize import numbers_in
from summarizer.pipeline import Summarizer
from summarizer.recording import REPLAY_URL
from summarizer.schemas import Article, Digest

FIXTURES = Path(__file__).resolve().parent.parent / "eval" / "fixtures"

# written for this test: the second sentence names no side and no nationality
OPEN_DIRECTION = (
    "Armenia and Azerbaijan held border talks on Monday, the Armenian foreign ministry said. "
    "Later that day, 12 people crossed the Margara checkpoint and went home, the state "
    "commission said. Azerbaijan handed over four Armenian soldiers on Tuesday, Yerevan said."
)


@pytest.fixture(scope="module")
def structured_backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    """The embedded model in json_schema mode: live when recording, the replay URL else."""
    if request.config.getoption("--record-mode") in (None, "none"):
        yield Backend(BackendKind.LOCAL, "qwen2.5-coder-1.5b", REPLAY_URL, Mode.JSON_SCHEMA)
        return
    from summarizer.local.session import open_backend

    with open_backend(select_backend(local=True, mode="json_schema", env={})) as live:
        yield live


@pytest.fixture
def client(structured_backend: Backend) -> Iterator[LLMClient]:
    llm = LLMClient(structured_backend)
    yield llm
    llm.close()


def grounded(digest: Digest, article: Article) -> None:
    """Contract rules on the digest users get: evidence verbatim, numbers in the article,
    distinct sides, a neutral summary whose numbers are the article's."""
    text = clean_text(article.text)
    for event in digest.events:
        for t in event.transfers:
            assert evidence_found(t.evidence, text), t.evidence
            assert t.count is None or number_occurs(t.count, text)
            assert t.from_ != t.to
    for figure in digest.figures:
        assert evidence_found(figure.evidence, text)
    for number in numbers_in(digest.summary.text):
        assert number_occurs(number, text), number
    assert find_violations(f"{digest.summary.headline}. {digest.summary.text}") == []


def flows(digest: Digest) -> set[tuple[str, str, str, int | None]]:
    return {(t.from_, t.to, t.category, t.count) for e in digest.events for t in e.transfers}


@pytest.mark.vcr
def test_the_models_direction_is_a_hint_among_the_articles_sides_not_a_record(  # type: ignore[no-untyped-def]
    client, vcr
):
    article = Article(id="open-direction", text=OPEN_DIRECTION, published=None)
    digest = Summarizer(client, cache=None, max_reasks=0).summarize(article)
    grounded(digest, article)
    assert ("Azerbaijan", "Armenia", "prisoners_of_war", 4) in flows(digest)
    assert all(n != 12 for *_, n in flows(digest))  # the model's answer makes no record
    hints = [w for w in digest.provenance.warnings if "12" in w and "model suggests" in w]
    assert len(hints) == 1
    assert "Armenia to Azerbaijan" in hints[0] or "Azerbaijan to Armenia" in hints[0]
    (request,) = vcr.requests  # one question, about the one sentence code could not read
    schema = json.dumps(json.loads(request.body)["response_format"])
    assert "Armenia to Azerbaijan" in schema and "Azerbaijan to Armenia" in schema
    assert digest.provenance.attempts == 1
    assert digest.provenance.usage.completion_tokens > 0


@pytest.mark.vcr
def test_seed_article_is_read_by_code_without_an_llm_call(client, vcr):  # type: ignore[no-untyped-def]
    (article,) = list(load([str(FIXTURES / "000_460d30c99a9042f9.txt")]))
    assert isinstance(article, Article)
    digest = Summarizer(client, cache=None, max_reasks=0).summarize(article)
    grounded(digest, article)
    assert ("Russia", "Ukraine", "remains", 501) in flows(digest)
    assert "501" in digest.summary.text
    assert len(vcr.requests) == 0


@pytest.mark.vcr
def test_second_run_of_an_article_comes_from_the_cache(client, vcr, tmp_path):  # type: ignore[no-untyped-def]
    article = Article(id="open-direction", text=OPEN_DIRECTION, published=None)
    summarizer = Summarizer(client, cache=DigestCache(tmp_path / "digests.sqlite"))
    first = summarizer.summarize(article)
    calls = len(vcr.requests)
    again = summarizer.summarize(article)
    assert again.provenance.cached and len(vcr.requests) == calls
    assert flows(again) == flows(first)
