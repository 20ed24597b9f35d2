"""The merged dataset as a SQLite file any SQLite browser or datasette opens.

Tables: ``articles`` (each digest, kept whole so a later merge can regroup),
``exchanges``, ``events`` (which article event went into which exchange),
``flows``, ``source_figures`` and ``links``; foreign keys are declared and enforced.
Merging into an existing file adds its digests to the stored ones and regroups
everything (ids of existing exchanges are kept); when neither the articles nor the
derived rows change, nothing is written at all.

The file records its layout in ``meta.store_version``; a file from an older version is
brought up to date when opened (:func:`_upgrade`), one from a newer version is refused.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pydantic import ValidationError

from summarizer.errors import InputError
from summarizer.merge.export import fingerprint
from summarizer.merge.model import Dataset
from summarizer.schemas import Digest

STORE_VERSION = "2"  # 2: source_figures.source_label

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
  article_id TEXT PRIMARY KEY,
  source TEXT,
  published TEXT,
  headline TEXT NOT NULL,
  digest_sha256 TEXT NOT NULL,
  digest_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exchanges (
  exchange_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  date TEXT,
  date_from TEXT,
  date_to TEXT,
  date_precision TEXT NOT NULL,
  sides TEXT NOT NULL,
  categories TEXT NOT NULL,
  mediators TEXT NOT NULL,
  locations TEXT NOT NULL,
  agreements TEXT NOT NULL,
  article_count INTEGER NOT NULL,
  disagreement_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
  event_key TEXT PRIMARY KEY,
  exchange_id TEXT NOT NULL REFERENCES exchanges(exchange_id) ON DELETE CASCADE,
  article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  status TEXT NOT NULL,
  date TEXT,
  date_text TEXT,
  date_window TEXT NOT NULL,
  evidence TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS flows (
  flow_id INTEGER PRIMARY KEY,
  exchange_id TEXT NOT NULL REFERENCES exchanges(exchange_id) ON DELETE CASCADE,
  from_party TEXT NOT NULL,
  to_party TEXT NOT NULL,
  category TEXT NOT NULL,
  counts TEXT NOT NULL,
  disagreement INTEGER NOT NULL,
  disagreement_note TEXT,
  UNIQUE (exchange_id, from_party, to_party, category)
);
CREATE TABLE IF NOT EXISTS source_figures (
  figure_id INTEGER PRIMARY KEY,
  flow_id INTEGER NOT NULL REFERENCES flows(flow_id) ON DELETE CASCADE,
  article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
  event_key TEXT NOT NULL REFERENCES events(event_key) ON DELETE CASCADE,
  said_by TEXT NOT NULL,
  source_label TEXT NOT NULL,
  own_voice INTEGER NOT NULL,
  count INTEGER,
  qualifier TEXT NOT NULL,
  category TEXT NOT NULL,
  unverified INTEGER NOT NULL,
  evidence TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS links (
  earlier_exchange TEXT NOT NULL REFERENCES exchanges(exchange_id) ON DELETE CASCADE,
  later_exchange TEXT NOT NULL REFERENCES exchanges(exchange_id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (earlier_exchange, later_exchange)
);
CREATE INDEX IF NOT EXISTS events_by_exchange ON events(exchange_id);
CREATE INDEX IF NOT EXISTS flows_by_exchange ON flows(exchange_id);
CREATE INDEX IF NOT EXISTS figures_by_flow ON source_figures(flow_id);
"""
_DERIVED = ("links", "source_figures", "flows", "events", "exchanges")


def open_store(path: Path) -> sqlite3.Connection:
    """Open (or create) a dataset file; refuse a SQLite file that is something else."""
    existed = path.exists() and path.stat().st_size > 0
    try:
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA foreign_keys = ON")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path}: not a SQLite file ({exc}); give a new path or a dataset "
                         "written by summarizer merge", path=str(path)) from exc
    if existed and tables and "meta" not in tables:
        conn.close()
        raise InputError(f"{path}: a SQLite file, but not a summarizer merge dataset; "
                         "give a new path", path=str(path))
    if "meta" in tables:
        _upgrade(conn, path)
    with conn:
        conn.executescript(SCHEMA)
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('store_version', ?)", (STORE_VERSION,))
    return conn


def _upgrade(conn: sqlite3.Connection, path: Path) -> None:
    """Bring a dataset written by an older version to this one; refuse a newer one.

    Version 1 had no ``source_label`` in ``source_figures``. Every row but the articles is
    derived from the stored digests and rebuilt on each write, so the upgrade empties the
    derived tables, drops ``source_figures`` (SCHEMA creates it anew) and forgets the
    fingerprint: the merge that opened the file then writes everything again.
    """
    row = conn.execute("SELECT value FROM meta WHERE key = 'store_version'").fetchone()
    version = str(row[0]) if row else STORE_VERSION
    if version == STORE_VERSION:
        return
    if version != "1":
        conn.close()
        raise InputError(f"{path}: a dataset of store version {version}, which this version "
                         f"(store version {STORE_VERSION}) cannot read; upgrade summarizer or "
                         "give a new path", path=str(path))
    conn.execute("BEGIN")
    with conn:
        for table in _DERIVED:
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DROP TABLE source_figures")
        conn.execute("DELETE FROM meta WHERE key = 'fingerprint'")
        conn.execute("UPDATE meta SET value = ? WHERE key = 'store_version'", (STORE_VERSION,))


def stored_digests(conn: sqlite3.Connection) -> dict[str, Digest]:
    digests = {}
    for article_id, raw in conn.execute("SELECT article_id, digest_json FROM articles"):
        try:
            digests[article_id] = Digest.model_validate_json(raw)
        except ValidationError as exc:
            raise InputError(f"stored digest of {article_id} no longer validates; "
                             "rebuild the dataset from the digests",
                             article_id=article_id) from exc
    return digests


def prior_exchange_ids(conn: sqlite3.Connection) -> dict[str, str]:
    """event key -> exchange id as stored, so regrouping keeps the ids users know."""
    return dict(conn.execute("SELECT event_key, exchange_id FROM events").fetchall())


def stored_fingerprint(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    return str(row[0]) if row else None


def write_dataset(conn: sqlite3.Connection, dataset: Dataset) -> bool:
    """Store *dataset* in one transaction; False (and no write) when nothing changed."""
    stamp = fingerprint(dataset)
    stored = dict(conn.execute("SELECT article_id, digest_sha256 FROM articles").fetchall())
    wanted = {a.article_id: a.digest_sha256 for a in dataset.articles}
    if stored == wanted and stored_fingerprint(conn) == stamp:
        return False
    with conn:
        for table in _DERIVED:
            conn.execute(f"DELETE FROM {table}")
        conn.executemany(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE "
            "SET source=excluded.source, published=excluded.published, "
            "headline=excluded.headline, digest_sha256=excluded.digest_sha256, "
            "digest_json=excluded.digest_json",
            [(a.article_id, a.source, a.published.isoformat() if a.published else None,
              a.headline, a.digest_sha256, json.dumps(a.digest.to_json_dict(), ensure_ascii=False))
             for a in dataset.articles if stored.get(a.article_id) != a.digest_sha256],
        )
        _insert_derived(conn, dataset)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (stamp,))
    return True


def _insert_derived(conn: sqlite3.Connection, dataset: Dataset) -> None:
    for x in dataset.exchanges:
        w = x.window
        conn.execute(
            "INSERT INTO exchanges VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (x.exchange_id, x.status, x.date.isoformat() if x.date else None,
             w.start.isoformat() if w.start else None, w.end.isoformat() if w.end else None,
             w.precision, " | ".join(x.sides), " | ".join(x.categories),
             " | ".join(x.mediators), " | ".join(x.locations), " | ".join(x.agreements),
             len(x.article_ids), len(x.disagreements)),
        )
        for e in x.events:
            conn.execute(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (e.key, x.exchange_id, e.article.article_id, e.index, e.event.status,
                 e.event.date.isoformat() if e.event.date else None, e.event.date_text,
                 e.window.describe(), json.dumps(e.event.evidence, ensure_ascii=False)),
            )
        for flow in x.flows:
            cur = conn.execute(
                "INSERT INTO flows (exchange_id, from_party, to_party, category, counts, "
                "disagreement, disagreement_note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (x.exchange_id, flow.from_, flow.to, flow.category,
                 " | ".join(map(str, flow.counts)), int(flow.disagreement),
                 flow.disagreement_note() or None),
            )
            conn.executemany(
                "INSERT INTO source_figures (flow_id, article_id, event_key, said_by, "
                "source_label, own_voice, count, qualifier, category, unverified, evidence) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(cur.lastrowid, f.article_id, f.event_key, f.said_by, f.source_label,
                  int(f.own_voice), f.count, f.qualifier, f.category, int(f.unverified),
                  f.evidence)
                 for f in flow.figures],
            )
    conn.executemany(
        "INSERT INTO links VALUES (?, ?, ?, ?)",
        [(k.earlier, k.later, k.kind, k.reason) for k in dataset.links],
    )
