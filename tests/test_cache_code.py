"""The digest cache never answers for code that no longer reads articles that way."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import pipeline
from summarizer.cache import DigestCache
from summarizer.schemas import Article


def test_a_digest_cached_by_other_code_is_not_served_after_an_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = DigestCache(tmp_path / "digests.sqlite")
    article = Article(id="a", text="Russia returned 50 Ukrainian soldiers on Friday.")
    first = pipeline.Summarizer(None, cache, 0, "rules").summarize(article)
    again = pipeline.Summarizer(None, cache, 0, "rules").summarize(article)
    assert (first.provenance.cached, again.provenance.cached) == (False, True)
    monkeypatch.setattr(pipeline, "code_fingerprint", lambda: "other-code")
    upgraded = pipeline.Summarizer(None, cache, 0, "rules").summarize(article)
    assert upgraded.provenance.cached is False
