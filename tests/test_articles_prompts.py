"""Loading articles in every accepted form, page clutter removal, and the rendered prompt."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from summarizer.articles import clean_text, load, parse_txt
from summarizer.oneshot.llm_schema import LLMDigest
from summarizer.oneshot.prompts import PROMPT_VERSION, messages
from summarizer.oneshot.review import review
from summarizer.prompts import prompts_dir
from summarizer.schemas import Article, ArticleFailure

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "eval" / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"


def test_txt_headers_give_source_and_date_and_are_not_body() -> None:
    (article,) = load([str(FIXTURES / "03_dpa-140-bodies-one-sided.txt")])
    assert isinstance(article, Article)
    assert article.published == dt.date(2024, 4, 26)
    assert article.source and article.source.startswith("https://dailypost.ng/")
    assert not article.text.startswith("source:")


def test_unknown_date_header_means_no_publication_date() -> None:
    (article,) = load([str(FIXTURES / "01_pravda-20-vs-32-pow-swap.txt")])
    assert isinstance(article, Article) and article.published is None


def test_published_flag_fills_in_only_missing_dates() -> None:
    loaded = list(
        load(
            [
                str(FIXTURES / "01_pravda-20-vs-32-pow-swap.txt"),
                str(FIXTURES / "03_dpa-140-bodies-one-sided.txt"),
            ],
            published=dt.date(2020, 1, 1),
        )
    )
    assert [a.published for a in loaded] == [dt.date(2020, 1, 1), dt.date(2024, 4, 26)]


def test_body_line_that_looks_like_a_date_is_not_a_header() -> None:
    article = parse_txt(" date 2024-10-18 KYIV, Ukraine: Russia on Friday returned...", "x", "x")
    assert article.published is None


def test_json_jsonl_and_directories_load(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(
        json.dumps({"id": "a1", "text": "Body one.", "published": "2024-01-02", "source": "S"})
    )
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "b1", "text": "Body two."})
        + "\n\n"
        + json.dumps({"text": "Body three."})
        + "\n"
    )
    (tmp_path / "notes.yaml").write_text("not an article")
    loaded = list(load([str(tmp_path)]))
    assert [a.id for a in loaded] == ["a1", "b1", "b-3"]
    assert isinstance(loaded[0], Article) and loaded[0].published == dt.date(2024, 1, 2)


def test_bad_files_become_failures_and_the_rest_still_load(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Russia returned 12 soldiers, officials said.")
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02GGUF")
    (tmp_path / "latin1.txt").write_bytes("Kyiv a reçu 12 soldats".encode("latin-1"))
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "huge.txt").write_text("word " * 400_000)
    loaded = {
        a.article_id if isinstance(a, ArticleFailure) else a.id: a
        for a in load([str(tmp_path), str(tmp_path / "missing.txt")])
    }
    assert isinstance(loaded["good"], Article)
    errors = {k: v.error for k, v in loaded.items() if isinstance(v, ArticleFailure)}
    assert "empty" in errors["empty"]
    assert "binary" in errors["binary"]
    assert "not UTF-8" in errors["latin1"] and "iconv" in errors["latin1"]
    assert "bad JSON" in errors["broken"]
    assert "split the file" in errors["huge"]
    assert "no such file" in errors["missing"]
    assert all("\n" not in e for e in errors.values())


def test_donation_appeal_and_page_furniture_are_removed() -> None:
    seed_001 = (FIXTURES / "001_908bba22bc0c7e5c.txt").read_text()
    cleaned = clean_text(seed_001)
    assert "Dear readers" not in cleaned and "Remind me later" not in cleaned
    assert "1,200 unidentified bodies" in cleaned
    seed_004 = clean_text((FIXTURES / "004_944e834f7d2eb772.txt").read_text())
    assert "SCROLL FOR NEXT" not in seed_004 and "3,000" in seed_004
    seed_002 = clean_text((FIXTURES / "002_621da51f4ae6f0f5.txt").read_text())
    assert "Live Briefing" not in seed_002 and "gives you the latest" not in seed_002
    assert "SEE ALSO" not in seed_002 and "77 defenders" in seed_002


def test_trailing_topic_tags_are_removed_but_the_story_is_kept() -> None:
    dev_06 = (FIXTURES / "06_reuters-zelensky-north-korean-pow-offer.txt").read_text()
    cleaned = clean_text(parse_txt(dev_06, "06", "06").text)
    assert not cleaned.endswith("Russia")
    assert cleaned.endswith("held captive in Russia.")
    assert "min read" not in cleaned


def test_audio_notice_is_removed() -> None:
    text = "This audio is created with AI assistance\nRussia returned 12 soldiers, officials said."
    assert clean_text(text) == "Russia returned 12 soldiers, officials said."


def _rendered(article: Article) -> str:
    return "\n\n".join(f"[{m['role']}]\n{m['content']}" for m in messages(article))


def test_rendered_prompt_matches_the_golden_file() -> None:
    """Any prompt change shows up here (and invalidates the cassettes): re-record both."""
    (article,) = load([str(FIXTURES / "03_dpa-140-bodies-one-sided.txt")])
    assert isinstance(article, Article)
    article = article.model_copy(update={"text": clean_text(article.text)})
    golden = GOLDEN / f"prompt_{PROMPT_VERSION}_03.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(_rendered(article))
    assert _rendered(article) == golden.read_text()


def test_worked_examples_in_the_prompt_pass_our_own_checks() -> None:
    """The model imitates the examples, so they must follow every rule we enforce."""
    system = (prompts_dir() / PROMPT_VERSION / "system.txt").read_text()
    examples = system.split("Article:\n")[1:]
    assert examples
    for example in examples:
        article, answer = example.split("\n\nAnswer:\n")
        answer = answer.split("\n\n")[0]
        checked = review(LLMDigest.model_validate_json(answer), Article(id="ex", text=article))
        assert checked.problems == [] and checked.summary_problems == []
        assert checked.warnings == []
        assert len(checked.transfers) in (2, 3)


@pytest.mark.parametrize("name", ["system.txt", "user.txt", "summary.txt"])
def test_prompt_files_exist_for_the_current_version(name: str) -> None:
    assert (prompts_dir() / PROMPT_VERSION / name).is_file()
