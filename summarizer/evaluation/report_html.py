"""HTML eval report: each article with evidence highlighted and transfers side by side.

Meant for a person hunting the model's errors: every gold transfer beside the
predicted one, marked matched, wrong (same sides, other number or category),
missing or extra.
"""

from __future__ import annotations

import html
from typing import Any

from summarizer.evaluation.fixtures import Fixture
from summarizer.evaluation.scoring import Flow, declared_acronyms, flows, match_transfers
from summarizer.normalize import normalize_party

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:78rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;
font-size:.9rem;vertical-align:top}.matched{background:#e6f4ea}.wrong{background:#fff4d6}
.missing{background:#fde2e1}.extra{background:#ede7f6}mark{background:#fff59d}
pre{white-space:pre-wrap;background:#fafafa;padding:1rem;border:1px solid #eee;font-size:.85rem}
.scores span{margin-right:1.2rem}
"""


def _cell(flow: Flow | None) -> str:
    if flow is None:
        return "<td>—</td>"
    t = flow.record
    sources = ", ".join(t.get("reported_by") or []) or "article"
    optional = " (optional)" if flow.optional else ""
    return (
        f"<td>{html.escape(str(t.get('from')))} → {html.escape(str(t.get('to')))}: "
        f"<b>{t.get('count')}</b> {html.escape(str(t.get('category')))}{optional}"
        f"<br><small>{html.escape(sources)}</small></td>"
    )


def alignment(
    digest: dict[str, Any], fixture: Fixture
) -> list[tuple[str, Flow | None, Flow | None]]:
    """(status, gold, predicted) rows: matched, wrong, missing or extra."""
    gold = flows(fixture.events, gold=True)
    pred = flows(list(digest.get("events") or []), gold=False)
    pairs = match_transfers(gold, pred, declared_acronyms(fixture.text))
    rows: list[tuple[str, Flow | None, Flow | None]] = [
        ("matched", gold[i], pred[j]) for i, j in pairs
    ]
    free_pred = [j for j in range(len(pred)) if j not in {j for _, j in pairs}]
    for i in [i for i in range(len(gold)) if i not in {i for i, _ in pairs}]:
        sides = (
            normalize_party(str(gold[i].record.get("from"))),
            normalize_party(str(gold[i].record.get("to"))),
        )
        near = next(
            (
                j
                for j in free_pred
                if (
                    normalize_party(str(pred[j].record.get("from"))),
                    normalize_party(str(pred[j].record.get("to"))),
                )
                == sides
            ),
            None,
        )
        if near is not None:
            free_pred.remove(near)
            rows.append(("wrong", gold[i], pred[near]))
        elif not gold[i].optional:
            rows.append(("missing", gold[i], None))
    rows += [("extra", None, pred[j]) for j in free_pred]
    return rows


def _highlight(text: str, quotes: list[str]) -> str:
    spans = sorted((start, start + len(q)) for q in quotes if q and (start := text.find(q)) >= 0)
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        out += [html.escape(text[pos:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _evidence(digest: dict[str, Any]) -> list[str]:
    quotes = [q for e in digest.get("events") or [] for q in e.get("evidence") or []]
    quotes += [
        t.get("evidence", "") for e in digest.get("events") or [] for t in e.get("transfers") or []
    ]
    return quotes + [f.get("evidence", "") for f in digest.get("figures") or []]


def render_report(
    report: dict[str, Any], digests: dict[str, dict[str, Any]], fixtures: list[Fixture]
) -> str:
    overall = report["overall"]
    parts = [
        f"<!doctype html><meta charset=utf-8><title>summarizer eval</title>"
        f"<style>{_STYLE}</style><h1>Evaluation: {html.escape(report['model'])}</h1>",
        f"<p>prompt {html.escape(report['prompt_version'])} · "
        f"{overall['articles']} articles · transfer F1 {overall['transfers']['f1']:.2f} · "
        f"attribution {overall['attribution'] or 0:.2f} · "
        f"neutrality violations {overall['summary']['neutrality_violations']}</p>",
    ]
    for fixture in fixtures:
        score = report["articles"][fixture.id]
        digest = digests.get(fixture.id, {"events": [], "figures": []})
        parts.append(f"<h2 id='{html.escape(fixture.id)}'>{html.escape(fixture.id)}</h2>")
        if score.get("error"):
            parts.append(f"<p class=missing>failed: {html.escape(score['error'])}</p>")
        parts.append(
            "<p class=scores>"
            f"<span>transfers P {score['transfers']['precision']:.2f} "
            f"R {score['transfers']['recall']:.2f}</span>"
            f"<span>figures F1 {score['figures']['f1']:.2f}</span>"
            f"<span>attribution {score['attribution'] if score['attribution'] is not None else '—'}"
            "</span></p>"
        )
        summary = digest.get("summary") or {}
        if summary:
            parts.append(
                f"<p><b>{html.escape(summary.get('headline', ''))}</b> — "
                f"{html.escape(summary.get('text', ''))}</p>"
            )
        parts.append("<table><tr><th></th><th>gold</th><th>predicted</th></tr>")
        for status, gold, pred in alignment(digest, fixture):
            parts.append(f"<tr class={status}><td>{status}</td>{_cell(gold)}{_cell(pred)}</tr>")
        parts.append("</table>")
        parts.append(
            f"<details><summary>article with evidence highlighted</summary><pre>"
            f"{_highlight(fixture.text, _evidence(digest))}</pre></details>"
        )
    return "\n".join(parts)
