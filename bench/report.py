"""Scores every approach with the project's scorer and renders the Markdown tables."""

from __future__ import annotations

from typing import Any

from bench.approaches import Row, Run
from summarizer.evaluation.fixtures import Fixture
from summarizer.evaluation.scoring import aggregate, score_article, score_failure
from summarizer.grounding import number_occurs


def record_numbers(digest: dict[str, Any]) -> list[int]:
    """Every count and figure value the records state."""
    values = [t.get("count") for e in digest.get("events") or [] for t in e.get("transfers") or []]
    values += [f.get("value") for f in digest.get("figures") or []]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def number_faithfulness(rows: list[Row], fixtures: list[Fixture]) -> float | None:
    """Share of the numbers in the records that the article states (digits or words)."""
    text = {f.id: f.text for f in fixtures}
    numbers = [(n, text[r.article_id]) for r in rows if r.digest for n in record_numbers(r.digest)]
    return sum(number_occurs(n, t) for n, t in numbers) / len(numbers) if numbers else None


def score_run(run: Run, fixtures: list[Fixture]) -> dict[str, Any]:
    by_id = {f.id: f for f in fixtures}
    scores = [
        score_article(r.digest, by_id[r.article_id])
        if r.digest is not None
        else score_failure(by_id[r.article_id], r.error or "no digest")
        for r in run.rows
    ]
    overall = aggregate(scores)
    n = len(run.rows) or 1
    return {
        "articles": len(run.rows),
        "failed": sum(1 for r in run.rows if r.error),
        "transfers": overall["transfers"],
        "events_f1": overall["events"]["f1"],
        "attribution": overall["attribution"],
        "grounding": overall["grounding"],
        "record_number_faithfulness": number_faithfulness(run.rows, fixtures),
        "summary_faithfulness": overall["summary"]["faithfulness"],
        "mean_seconds": sum(r.seconds for r in run.rows) / n,
        "mean_prompt_tokens": sum(r.prompt_tokens for r in run.rows) / n,
        "mean_completion_tokens": sum(r.completion_tokens for r in run.rows) / n,
        "mean_llm_calls": sum(r.llm_calls for r in run.rows) / n,
        "wall_seconds": round(run.wall_seconds, 2),
        "per_article_f1": {s.article_id: s.transfers.f1 for s in scores},
        "errors": {r.article_id: r.error for r in run.rows if r.error},
    }


def _f(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def article_table(rows: list[Row], floor: dict[str, dict[str, Any]]) -> str:
    body = []
    totals = [0.0, 0.0, 0, 0, 0]
    for r in rows:
        fl = floor[r.article_id]
        body.append(
            [
                r.article_id,
                str(fl["article_tokens"]),
                str(fl["gold_digest_tokens"]),
                _f(fl["floor_seconds"], 1),
                _f(r.seconds, 1),
                _f(r.seconds / fl["floor_seconds"], 1),
                str(r.prompt_tokens),
                str(r.completion_tokens),
                str(r.llm_calls),
                _f(r.prompt_tokens / fl["article_tokens"], 1),
            ]
        )
        totals[0] += fl["floor_seconds"]
        totals[1] += r.seconds
        totals[2] += r.prompt_tokens
        totals[3] += fl["article_tokens"]
        totals[4] += r.llm_calls
    body.append(
        [
            "**all**",
            str(totals[3]),
            "",
            _f(totals[0], 1),
            _f(totals[1], 1),
            _f(totals[1] / totals[0], 1) if totals[0] else "—",
            str(totals[2]),
            "",
            str(totals[4]),
            _f(totals[2] / totals[3], 1) if totals[3] else "—",
        ]
    )
    header = [
        "article", "article tok", "gold digest tok", "floor s", "our s", "time/floor",
        "prompt tok", "completion tok", "LLM calls", "prompt tok/article tok",
    ]  # fmt: skip
    return _table(header, body)


def approach_table(approaches: dict[str, dict[str, Any]]) -> str:
    body = []
    for name, a in approaches.items():
        t = a["transfers"]
        body.append(
            [
                name,
                f"{_f(t['precision'])} / {_f(t['recall'])} / **{_f(t['f1'])}**",
                _f(a["events_f1"]),
                _f(a["attribution"]),
                _f(a["grounding"]),
                _f(a["record_number_faithfulness"]),
                _f(a["summary_faithfulness"]),
                _f(a["mean_seconds"], 1),
                _f(a["mean_prompt_tokens"], 0),
                _f(a["mean_completion_tokens"], 0),
                _f(a["mean_llm_calls"], 1),
                f"{a['failed']}/{a['articles']}",
            ]
        )
    header = [
        "approach", "transfers P / R / F1", "events F1", "attribution", "grounding",
        "record numbers in article", "summary numbers in article", "s/article",
        "prompt tok", "completion tok", "LLM calls", "failed",
    ]  # fmt: skip
    return _table(header, body)


def throughput_table(rows: list[dict[str, Any]]) -> str:
    body = [
        [
            r["setting"],
            str(r["articles"]),
            _f(r["wall_seconds"], 3),
            _f(r["articles_per_min"], 1),
            _f(r.get("ms_per_article"), 2),
            _f(r.get("llm_calls")),
            str(r["failed"]),
        ]
        for r in rows
    ]
    header = ["setting", "articles", "wall s", "articles/min", "ms/article", "LLM calls", "failed"]
    return _table(header, body)


def server_table(server: dict[str, dict[str, Any]], approaches: dict[str, dict[str, Any]]) -> str:
    """Per article, from the server's own log: what prefix reuse saved and where time went."""
    body = []
    for name, t in server.items():
        n = approaches[name]["articles"] or 1
        sent = approaches[name]["mean_prompt_tokens"]
        other = t["server_total_seconds"] - t["prompt_eval_seconds"] - t["generation_seconds"]
        body.append(
            [
                name,
                _f(sent, 0),
                _f(t["evaluated_prompt_tokens"] / n, 0),
                _f(t["prompt_eval_seconds"] / n, 1),
                _f(t["generated_tokens"] / n, 0),
                _f(t["generation_seconds"] / n, 1),
                _f(other / n, 1),
                _f(t["server_total_seconds"] / n, 1),
            ]
        )
    header = [
        "approach (per article)", "prompt tok sent", "prompt tok evaluated", "prompt eval s",
        "generated tok", "generation s", "sampling/grammar s", "server total s",
    ]  # fmt: skip
    return _table(header, body)
