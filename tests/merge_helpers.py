"""Small digests written for the merge tests (sentences made up for them), and the fixtures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.schemas import Digest

ROOT = Path(__file__).resolve().parent.parent
MERGE_FIXTURES = ROOT / "eval" / "merge"


def transfer(frm: str, to: str, count: int | None, category: str = "prisoners_of_war",
             by: tuple[str, ...] = (), evidence: str = "") -> dict[str, Any]:
    return {"from": frm, "to": to, "category": category, "count": count, "qualifier": "exact",
            "reported_by": list(by), "unverified": False,
            "evidence": evidence or f"{frm} handed {count} people to {to}."}


def event(transfers: list[dict[str, Any]], date: str | None, status: str = "completed",
          date_text: str | None = None, mediators: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"status": status, "date": date, "date_text": date_text, "transfers": transfers,
            "mediators": list(mediators), "location": None, "agreement": None, "evidence": []}


def digest(article_id: str, published: str | None, events: list[dict[str, Any]],
           source: str | None = None) -> Digest:
    return Digest.model_validate({
        "article_id": article_id, "published": published,
        "source": source or f"https://news.example/{article_id}",
        "events": events, "figures": [],
        "summary": {"headline": f"Report {article_id}", "text": "A report written for a test."},
        "provenance": {"model": "test", "backend": "test", "prompt_version": "n/a",
                       "schema_version": "1.0", "schema_hash": "n/a"},
    })


def swap(article_id: str, published: str, date: str | None, a: str, b: str, n_ab: int,
         n_ba: int, **kw: Any) -> Digest:
    """An article reporting one two-way swap between *a* and *b*."""
    return digest(article_id, published,
                  [event([transfer(a, b, n_ab), transfer(b, a, n_ba)], date, **kw)])


def write_digests(path: Path, digests: list[Digest], extra: list[dict[str, Any]] = ()) -> Path:
    """JSON Lines as ``summarize --format jsonl`` writes them (failure records in *extra*)."""
    lines = [json.dumps(d.to_json_dict()) for d in digests] + [json.dumps(e) for e in extra]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def gold_digests() -> list[Digest]:
    return [Digest.model_validate_json(p.read_text("utf-8"))
            for p in sorted((MERGE_FIXTURES / "digests").glob("*.json"))]
