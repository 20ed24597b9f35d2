"""Flat views of a merged dataset: JSON Lines (one exchange a line) and CSV (one flow a row).

The CSV has one column group per source figure (``source1_said_by``,
``source1_source_label``, ``source1_count``, ...) so a spreadsheet shows every source's
number side by side; ``said_by`` is the article's words, ``source_label`` the source's
label over the whole dataset.
"""

from __future__ import annotations

import csv
import hashlib
import json
from typing import Any, TextIO

from summarizer.merge.model import Dataset, Exchange, Flow, Link, SourceFigure

SOURCE_FIELDS = ("said_by", "source_label", "count", "qualifier", "category", "unverified",
                 "own_voice", "article_id", "outlet", "evidence")
FLOW_FIELDS = ("exchange_id", "date", "date_from", "date_to", "date_precision", "status",
               "sides", "mediators", "from", "to", "category", "counts", "disagreement",
               "disagreement_note", "sources", "articles", "linked_to")


def figure_record(f: SourceFigure) -> dict[str, Any]:
    return {
        "said_by": f.said_by, "source_label": f.source_label, "own_voice": f.own_voice,
        "count": f.count, "qualifier": f.qualifier, "category": f.category,
        "unverified": f.unverified, "article_id": f.article_id, "event": f.event_key,
        "evidence": f.evidence,
    }


def flow_record(flow: Flow) -> dict[str, Any]:
    return {
        "from": flow.from_, "to": flow.to, "category": flow.category,
        "counts": flow.counts, "disagreement": flow.disagreement,
        "disagreement_note": flow.disagreement_note() or None,
        "figures": [figure_record(f) for f in flow.figures],
    }


def link_record(link: Link) -> dict[str, Any]:
    return {"earlier": link.earlier, "later": link.later, "kind": link.kind,
            "reason": link.reason}


def exchange_record(x: Exchange, links: list[Link]) -> dict[str, Any]:
    w = x.window
    return {
        "exchange_id": x.exchange_id,
        "status": x.status,
        "date": x.date.isoformat() if x.date else None,
        "date_from": w.start.isoformat() if w.start else None,
        "date_to": w.end.isoformat() if w.end else None,
        "date_precision": w.precision,
        "sides": list(x.sides),
        "categories": x.categories,
        "mediators": x.mediators,
        "locations": x.locations,
        "agreements": x.agreements,
        "articles": x.article_ids,
        "events": [e.key for e in x.events],
        "flows": [flow_record(f) for f in x.flows],
        "disagreements": [f.disagreement_note() for f in x.disagreements],
        "links": [link_record(k) for k in links
                  if x.exchange_id in (k.earlier, k.later)],
    }


def dataset_records(dataset: Dataset) -> list[dict[str, Any]]:
    return [exchange_record(x, dataset.links) for x in dataset.exchanges]


def fingerprint(dataset: Dataset) -> str:
    """Checksum of everything derived: equal fingerprints mean nothing to rewrite."""
    payload = json.dumps(dataset_records(dataset), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def write_jsonl(dataset: Dataset, out: TextIO) -> None:
    for record in dataset_records(dataset):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_csv(dataset: Dataset, out: TextIO) -> None:
    """One row per exchange flow, one column group per source figure."""
    outlets = {a.article_id: a.source or "" for a in dataset.articles}
    width = max((len(f.figures) for x in dataset.exchanges for f in x.flows), default=0)
    header = list(FLOW_FIELDS)
    for i in range(1, width + 1):
        header += [f"source{i}_{name}" for name in SOURCE_FIELDS]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for x in dataset.exchanges:
        linked = sorted({k.earlier if k.later == x.exchange_id else k.later
                         for k in dataset.links if x.exchange_id in (k.earlier, k.later)})
        for flow in x.flows:
            row: list[Any] = [
                x.exchange_id, x.date or "", x.window.start or "", x.window.end or "",
                x.window.precision, x.status, " | ".join(x.sides), " | ".join(x.mediators),
                flow.from_, flow.to, flow.category, " | ".join(map(str, flow.counts)),
                int(flow.disagreement), flow.disagreement_note(), len(flow.figures),
                " | ".join(x.article_ids), " | ".join(linked),
            ]
            for f in flow.figures:
                row += [f.said_by, f.source_label, "" if f.count is None else f.count,
                        f.qualifier, f.category, int(f.unverified), int(f.own_voice),
                        f.article_id, outlets.get(f.article_id, ""), f.evidence]
            row += [""] * (len(header) - len(row))
            writer.writerow(row)
