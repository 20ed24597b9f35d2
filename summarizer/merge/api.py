"""``merge``: the one call the CLI makes. Digests in, a dataset out, optionally stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.errors import InputError
from summarizer.merge import store
from summarizer.merge.cluster import build_dataset, digest_sha256
from summarizer.merge.load import Loaded, load_digests
from summarizer.merge.model import Dataset


@dataclass
class MergeRun:
    """The dataset and what happened to each input, for the CLI to report."""

    dataset: Dataset
    loaded: Loaded
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    stored: bool = False  # the SQLite file was written

    def summary(self) -> str:
        d = self.dataset
        flagged = sum(len(x.disagreements) for x in d.exchanges)
        parts = [
            f"{len(d.articles)} articles -> {len(d.exchanges)} exchanges",
            f"{flagged} disagreeing flows",
            f"{len(d.links)} links",
            f"new {len(self.added)}, updated {len(self.updated)}, "
            f"unchanged {len(self.unchanged)}",
        ]
        if self.loaded.failures:
            parts.append(f"{self.loaded.failures} failure records skipped")
        if self.loaded.invalid:
            parts.append(f"{len(self.loaded.invalid)} unusable records skipped")
        return "; ".join(parts)


def merge(paths: Iterable[str], into: Path | None = None) -> MergeRun:
    """Merge the digests in *paths*, and those already in the SQLite file *into* if given.

    A digest whose article id is already stored replaces it when its content differs;
    the same digest again changes nothing (the file is not even written).
    """
    loaded = load_digests(paths)
    conn = store.open_store(into) if into is not None else None
    try:
        known = store.stored_digests(conn) if conn else {}
        prior = store.prior_exchange_ids(conn) if conn else {}
        run_added, run_updated, run_same = [], [], []
        for article_id, digest in loaded.digests.items():
            if article_id not in known:
                run_added.append(article_id)
            elif digest_sha256(known[article_id]) != digest_sha256(digest):
                run_updated.append(article_id)
            else:
                run_same.append(article_id)
        combined = {**known, **loaded.digests}
        if not combined:
            skipped = loaded.failures + len(loaded.invalid)
            raise InputError("no digests to merge"
                             + (f" ({skipped} failure or unusable records skipped)"
                                if skipped else "")
                             + ": give summarize's output (JSON, JSON Lines or a folder of them)")
        dataset = build_dataset(combined.values(), prior)
        written = store.write_dataset(conn, dataset) if conn else False
    finally:
        if conn:
            conn.close()
    return MergeRun(dataset, loaded, run_added, run_updated, run_same, written)
