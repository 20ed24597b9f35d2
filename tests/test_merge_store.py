"""The SQLite dataset: tables with enforced foreign keys, incremental and idempotent merges."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from merge_helpers import MERGE_FIXTURES, swap, write_digests

from summarizer.errors import InputError
from summarizer.merge import merge

DIGESTS = str(MERGE_FIXTURES / "digests")


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_dataset_has_the_documented_tables_and_enforces_foreign_keys(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite"
    merge([DIGESTS], into=db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = ON")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "exchanges", "events", "flows", "source_figures", "links"} <= tables
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO flows (exchange_id, from_party, to_party, category, counts, "
                     "disagreement) VALUES ('no-such-exchange', 'A', 'B', 'remains', '', 0)")
    (note,) = conn.execute(
        "SELECT f.disagreement_note FROM flows f JOIN exchanges x USING (exchange_id) "
        "WHERE x.date = '2024-12-30' AND f.from_party = 'Russia' AND f.disagreement = 1"
    ).fetchone()
    assert "150" in note and "189" in note
    figures = conn.execute(
        "SELECT s.said_by, s.count, a.source FROM source_figures s JOIN flows f USING (flow_id) "
        "JOIN articles a USING (article_id) WHERE f.exchange_id = '2024-12-30-russia-ukraine' "
        "AND f.from_party = 'Russia'").fetchall()
    assert len(figures) == 6 and {c for _, c, _ in figures} == {150, 189}
    conn.close()


def test_merging_the_same_digests_again_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite"
    first = merge([DIGESTS], into=db)
    before = dump(db)
    again = merge([DIGESTS], into=db)
    assert first.stored and not again.stored
    assert dump(db) == before
    assert len(again.unchanged) == len(first.added) and again.added == []


def test_new_digests_are_added_to_an_existing_dataset_keeping_exchange_ids(
    tmp_path: Path,
) -> None:
    db = tmp_path / "x.sqlite"
    one = write_digests(tmp_path / "one.jsonl", [
        swap("a", "2024-09-14", "2024-09-14", "Russia", "Ukraine", 103, 103)])
    two = write_digests(tmp_path / "two.jsonl", [
        swap("b", "2024-09-15", "2024-09-14", "Russia", "Ukraine", 103, 103),
        swap("c", "2024-10-18", "2024-10-18", "Russia", "Ukraine", 95, 95)])
    first = merge([str(one)], into=db)
    (old_id,) = [x.exchange_id for x in first.dataset.exchanges]
    second = merge([str(two)], into=db)
    assert second.added == ["b", "c"]
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT exchange_id, article_count FROM exchanges ORDER BY date").fetchall()
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    assert rows[0] == (old_id, 2) and len(rows) == 2 and articles == 3


def test_a_changed_digest_for_a_stored_article_replaces_it(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite"
    merge([str(write_digests(tmp_path / "v1.jsonl", [
        swap("a", "2024-09-14", "2024-09-14", "Russia", "Ukraine", 103, 103)]))], into=db)
    run = merge([str(write_digests(tmp_path / "v2.jsonl", [
        swap("a", "2024-09-14", "2024-09-14", "Russia", "Ukraine", 104, 103)]))], into=db)
    assert run.updated == ["a"]
    conn = sqlite3.connect(db)
    counts = {r[0] for r in conn.execute("SELECT count FROM source_figures")}
    conn.close()
    assert counts == {103, 104}  # one figure per direction, the new digest's


def test_a_sqlite_file_that_is_not_a_dataset_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(InputError, match="not a summarizer merge dataset"):
        merge([DIGESTS], into=other)
    assert dump(other) == ["BEGIN TRANSACTION;", 'CREATE TABLE t (x);', "COMMIT;"]


V1_SOURCE_FIGURES = """CREATE TABLE source_figures (
  figure_id INTEGER PRIMARY KEY,
  flow_id INTEGER NOT NULL REFERENCES flows(flow_id) ON DELETE CASCADE,
  article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
  event_key TEXT NOT NULL REFERENCES events(event_key) ON DELETE CASCADE,
  said_by TEXT NOT NULL,
  own_voice INTEGER NOT NULL,
  count INTEGER,
  qualifier TEXT NOT NULL,
  category TEXT NOT NULL,
  unverified INTEGER NOT NULL,
  evidence TEXT NOT NULL
)"""
V1_COLUMNS = ("figure_id, flow_id, article_id, event_key, said_by, own_voice, count, qualifier, "
              "category, unverified, evidence")


def as_store_version_1(db: Path) -> None:
    """Turn a dataset back into what version 1 wrote: no source_label on the figures."""
    conn = sqlite3.connect(db)
    with conn:
        rows = conn.execute(f"SELECT {V1_COLUMNS} FROM source_figures").fetchall()
        conn.execute("DROP TABLE source_figures")
        conn.execute(V1_SOURCE_FIGURES)
        conn.executemany(f"INSERT INTO source_figures ({V1_COLUMNS}) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'store_version'")
    conn.close()


def figures_and_version(db: Path) -> tuple[list[tuple[object, ...]], str, str]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT said_by, source_label, count, evidence FROM source_figures "
                            "ORDER BY figure_id").fetchall()
        (version,) = conn.execute(
            "SELECT value FROM meta WHERE key = 'store_version'").fetchone()
        (ddl,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'source_figures'").fetchone()
        return rows, str(version), str(ddl)
    finally:
        conn.close()


def test_a_version_1_dataset_is_upgraded_and_filled_with_source_labels(tmp_path: Path) -> None:
    fresh, old = tmp_path / "fresh.sqlite", tmp_path / "old.sqlite"
    merge([DIGESTS], into=fresh)
    merge([DIGESTS], into=old)
    as_store_version_1(old)
    run = merge([DIGESTS], into=old)  # the same digests: only the upgrade makes it write
    assert run.stored and run.added == []
    rows, version, ddl = figures_and_version(old)
    assert (rows, version, ddl) == figures_and_version(fresh)
    assert version == "2" and ("Russian Defense Ministry", "Russian Defence Ministry") in {
        (said, label) for said, label, _, _ in rows}
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_a_dataset_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite"
    merge([DIGESTS], into=db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'store_version'")
    conn.close()
    before = dump(db)
    with pytest.raises(InputError, match="store version 3"):
        merge([DIGESTS], into=db)
    assert dump(db) == before
