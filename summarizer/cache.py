"""SQLite cache of digests: a re-run of the same batch makes no LLM call.

The key covers everything that changes the answer: model, mode, prompt version
and hash, schema hash, the code and data that read the article, and the article itself.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir


def cache_dir() -> Path:
    """Per-user cache (``SUMMARIZER_CACHE_DIR`` overrides, for tests and shared machines)."""
    env = os.environ.get("SUMMARIZER_CACHE_DIR")
    return Path(env) if env else Path(user_cache_dir("summarizer"))


@functools.cache
def code_fingerprint() -> str:
    """A hash of the package's code and data: with code deciding most of a digest, an
    upgrade must not be answered from digests the old code wrote."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.json")]):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


class DigestCache:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_dir() / "digests.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS digests (key TEXT PRIMARY KEY, "
            "article_id TEXT, created REAL, digest TEXT)"
        )
        self._db.commit()

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT digest FROM digests WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, article_id: str, digest: dict[str, Any]) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO digests VALUES (?, ?, ?, ?)",
                (key, article_id, time.time(), json.dumps(digest)),
            )
            self._db.commit()

    def close(self) -> None:
        self._db.close()
