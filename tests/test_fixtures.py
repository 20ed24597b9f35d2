"""Gold fixtures load the way the contract says and the checker catches hand-labelling slips."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from summarizer.evaluation.fixtures import (
    Fixture,
    check_fixture,
    load_fixture,
    load_fixtures,
    load_splits,
    split_header,
)

FIXTURES = Path(__file__).parent.parent / "eval" / "fixtures"

TEXT = (
    "Russia on Friday handed over the bodies of 501 soldiers to Ukraine, Ukraine's Coordination "
    "Headquarters for the Treatment of Prisoners of War said. It was the 49th exchange. "
    "Twelve Thai workers were also released, the Red Cross said."
)


def transfer(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "from": "Russia",
        "to": "Ukraine",
        "category": "remains",
        "count": 501,
        "qualifier": "exact",
        "reported_by": ["Coordination Headquarters for the Treatment of Prisoners of War"],
        "unverified": False,
        "evidence": "Russia on Friday handed over the bodies of 501 soldiers to Ukraine",
        "optional": False,
    }
    return record | overrides


def fixture(*, event: dict[str, Any] | None = None, **gold: Any) -> Fixture:
    base_event = {
        "status": "completed",
        "date": dt.date(2024, 10, 18),
        "transfers": [transfer()],
        "mediators": [],
        "location": None,
        "evidence": [],
    }
    data: dict[str, Any] = {
        "article": {"id": "a", "published": dt.date(2024, 10, 18), "source": None},
        "events": [base_event | (event or {})],
        "figures": [],
        "summary_must_mention": [501],
    } | gold
    return Fixture(id="a", text=TEXT, published=dt.date(2024, 10, 18), gold=data)


def test_a_well_formed_fixture_has_no_problems() -> None:
    assert check_fixture(fixture()) == []


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_gold_fixture_passes_the_checker(path: Path) -> None:
    assert check_fixture(load_fixture(path)) == []


def test_paraphrased_evidence_is_reported() -> None:
    problems = check_fixture(fixture(event={"evidence": ["Russia gave back 501 bodies."]}))
    assert any("evidence not verbatim" in p for p in problems)


def test_count_missing_from_the_article_is_reported() -> None:
    problems = check_fixture(fixture(event={"transfers": [transfer(count=510)]}))
    assert any("count 510 does not occur" in p for p in problems)


def test_count_written_in_words_is_accepted() -> None:
    thai = transfer(
        **{"from": "Hamas", "to": "Thailand"},
        category="hostages",
        count=12,
        reported_by=["Red Cross"],
        evidence="Twelve Thai workers were also released",
    )
    assert check_fixture(fixture(event={"transfers": [thai]}, summary_must_mention=[12])) == []


def test_alias_party_must_be_written_canonically() -> None:
    problems = check_fixture(fixture(event={"transfers": [transfer(to="Kyiv")]}))
    assert any("use 'Ukraine'" in p for p in problems)


def test_party_neither_canonical_nor_in_the_article_is_reported() -> None:
    problems = check_fixture(fixture(event={"transfers": [transfer(to="Narnia")]}))
    assert any("'Narnia'" in p for p in problems)


def test_same_party_on_both_sides_is_reported() -> None:
    problems = check_fixture(fixture(event={"transfers": [transfer(to="Russian side")]}))
    assert any("from and to are both" in p for p in problems)


def test_invalid_enums_are_reported() -> None:
    bad = fixture(event={"status": "done", "transfers": [transfer(category="soldiers")]})
    problems = check_fixture(bad)
    assert any("status 'done'" in p for p in problems)
    assert any("category 'soldiers'" in p for p in problems)


def test_misspelt_key_is_reported() -> None:
    record = transfer()
    record["catgory"] = record.pop("category")
    problems = check_fixture(fixture(event={"transfers": [record]}))
    assert any("unknown key 'catgory'" in p for p in problems)


def test_summary_must_mention_numbers_must_be_in_the_article() -> None:
    problems = check_fixture(fixture(summary_must_mention=[501, 777]))
    assert problems == ["summary_must_mention: 777 does not occur in the article"]


def test_exchange_ordinal_may_be_written_as_an_ordinal() -> None:
    ordinal = {
        "kind": "exchange_ordinal",
        "description": "exchange number",
        "value": 49,
        "qualifier": "exact",
        "reported_by": [],
        "unverified": False,
        "evidence": "It was the 49th exchange.",
    }
    assert check_fixture(fixture(figures=[ordinal])) == []
    other = ordinal | {"kind": "other"}
    assert any("value 49" in p for p in check_fixture(fixture(figures=[other])))


def test_completed_event_after_publication_is_reported() -> None:
    problems = check_fixture(fixture(event={"date": dt.date(2024, 10, 19)}))
    assert any("after publication" in p for p in problems)


def test_split_header_strips_source_and_date_lines() -> None:
    headers, body = split_header("source: https://x.test/a\ndate: 2024-10-18\n\nBody line.\n")
    assert headers == {"source": "https://x.test/a", "date": "2024-10-18"}
    assert body == "Body line.\n"


def test_text_without_a_header_is_all_body() -> None:
    raw = " date 2024-10-18 KYIV: Russia returned 501 bodies.\n"
    assert split_header(raw) == ({}, raw)


def test_header_like_first_line_without_blank_line_is_body() -> None:
    raw = "Date: Friday was busy.\nRussia returned 501 bodies.\n"
    assert split_header(raw) == ({}, raw)


def write_pair(directory: Path, stem: str, header: str, published: str) -> None:
    (directory / f"{stem}.txt").write_text(f"{header}Russia returned 501 bodies.\n", "utf-8")
    (directory / f"{stem}.yaml").write_text(
        f"article: {{id: {stem}, published: {published}, source: null}}\n"
        "events: []\nfigures: []\nsummary_must_mention: [501]\nnotes: test\n",
        "utf-8",
    )


def test_load_fixture_reads_gold_and_the_body_of_the_sibling_text(tmp_path: Path) -> None:
    write_pair(tmp_path, "b", "source: https://x.test/b\ndate: 2024-10-18\n\n", "2024-10-18")
    loaded = load_fixture(tmp_path / "b.yaml")
    assert loaded.id == "b"
    assert loaded.published == dt.date(2024, 10, 18)
    assert loaded.text == "Russia returned 501 bodies.\n"
    assert loaded.headers["source"] == "https://x.test/b"
    assert loaded.article().published == dt.date(2024, 10, 18)
    assert check_fixture(loaded) == ["source None differs from the header 'https://x.test/b'"]


def test_unknown_header_date_means_no_publication_date(tmp_path: Path) -> None:
    write_pair(tmp_path, "c", "date: unknown\n\n", "null")
    loaded = load_fixture(tmp_path / "c.yaml")
    assert loaded.published is None
    assert check_fixture(loaded) == []


def test_header_date_disagreeing_with_gold_is_reported(tmp_path: Path) -> None:
    write_pair(tmp_path, "d", "date: 2024-10-17\n\n", "2024-10-18")
    assert any(
        "differs from the header" in p for p in check_fixture(load_fixture(tmp_path / "d.yaml"))
    )


def test_load_fixtures_sorts_by_id(tmp_path: Path) -> None:
    for stem in ("zz", "aa", "mm"):
        write_pair(tmp_path, stem, "", "null")
    assert [f.id for f in load_fixtures(tmp_path)] == ["aa", "mm", "zz"]


def test_real_fixtures_load_with_body_only() -> None:
    fixtures = load_fixtures(FIXTURES)
    assert len(fixtures) == len(list(FIXTURES.glob("*.yaml")))
    for loaded in fixtures:
        assert not loaded.text.startswith(("source:", "date:"))


def test_an_empty_validation_folder_is_not_scored_as_a_split(tmp_path: Path) -> None:
    (tmp_path / "validation").mkdir()
    assert list(load_splits(tmp_path)) == ["tuning"]


def test_gold_parties_may_keep_the_lowercase_link_words_of_their_names() -> None:
    text = "The Movement of Democratic Forces of Casamance, MFDC, and Jaish al-Adl freed them."
    gold = transfer(**{"from": "Movement of Democratic Forces of Casamance", "to": "Senegal"})
    second = transfer(**{"from": "Jaish al-Adl", "to": "Senegal"})
    event = {"transfers": [gold, second], "evidence": []}
    problems = check_fixture(
        Fixture(id="a", text=text, published=None, gold=fixture(event=event).gold)
    )
    assert not [p for p in problems if "proper name" in p]
