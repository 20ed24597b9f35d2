"""``summarizer eval``: score digests against gold fixtures (thin: evaluation does the work)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from summarizer.cli.shared import backend_from, backend_options, extractor_option, friendly_errors


def _fmt(value: Any) -> str:
    return "—" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)


@click.command("eval")
@click.option(
    "--fixtures",
    "fixtures_dir",
    type=click.Path(file_okay=False, exists=True),
    default="eval/fixtures",
    show_default=True,
    help="Directory of <id>.txt + <id>.yaml gold fixtures.",
)
@click.option("--report", type=click.Path(dir_okay=False), help="Write the JSON report here.")
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False),
    help="Write the HTML report (evidence highlighted, gold beside predicted).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, exists=True),
    help="An earlier JSON report: print what got better or worse.",
)
@click.option(
    "--fail-under",
    "fail_under",
    multiple=True,
    metavar="METRIC=VALUE",
    help="Exit 1 if METRIC is below VALUE (above, for violations, failures and "
    "cost). Repeatable, e.g. --fail-under transfers.f1=0.4",
)
@click.option(
    "--replay",
    type=click.Path(dir_okay=False),
    help="Replay LLM calls from this cassette (offline, no model needed).",
)
@click.option(
    "--record",
    type=click.Path(dir_okay=False),
    help="Record the LLM calls of this run to a cassette.",
)
@click.option(
    "--max-reasks",
    type=click.IntRange(0, 5),
    default=None,
    help="Re-asks per article (default: 0 on the embedded model, 1 elsewhere).",
)
@extractor_option
@backend_options
@friendly_errors
def eval_cmd(
    fixtures_dir: str,
    report: str | None,
    html_path: str | None,
    baseline: str | None,
    fail_under: tuple[str, ...],
    replay: str | None,
    record: str | None,
    max_reasks: int | None,
    extractor: str,
    **opts: Any,
) -> None:
    """Run summarize over gold fixtures and score it (contract's Scoring section)."""
    from summarizer.evaluation.run import Threshold, compare, failed_thresholds, run_eval

    thresholds = [Threshold.parse(t) for t in fail_under]
    backend = backend_from(opts)

    def on_article(score: Any) -> None:
        t = score.transfers
        click.echo(
            f"{score.article_id[:44]:44} transfers P {_fmt(t.precision)} "
            f"R {_fmt(t.recall)} F1 {_fmt(t.f1)}  attribution {_fmt(score.attribution)}"
            f"  figures F1 {_fmt(score.figures.f1)}"
            + (f"  FAILED: {score.error}" if score.error else "")
        )

    run = run_eval(
        Path(fixtures_dir),
        backend,
        replay=Path(replay) if replay else None,
        record=Path(record) if record else None,
        max_reasks=max_reasks,
        on_article=on_article,
        extractor=extractor,
    )
    overall = run.report["overall"]
    click.echo("")
    for split in [s for s in ("tuning", "validation") if s in overall] or ["all"]:
        scope = overall.get(split, overall)
        click.echo(f"{split} ({len(run.report['splits'].get(split, run.scores))} articles):")
        for name in ("transfers", "events", "figures"):
            m = scope[name]
            click.echo(
                f"  {name:12} P {_fmt(m['precision'])}  R {_fmt(m['recall'])}  "
                f"F1 {_fmt(m['f1'])}  (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})"
            )
        click.echo(f"  attribution  {_fmt(scope['attribution'])}")
    fields = overall["event_fields"]
    click.echo(
        "event fields "
        + "  ".join(f"{k} {_fmt(v)}" for k, v in fields.items() if isinstance(v, float))
    )
    s = overall["summary"]
    click.echo(
        f"attribution {_fmt(overall['attribution'])}  grounding "
        f"{_fmt(overall['grounding'])}  summary: faithfulness {_fmt(s['faithfulness'])}"
        f" coverage {_fmt(s['coverage'])} attribution {_fmt(s['attribution_coverage'])}"
        f" neutrality violations {s['neutrality_violations']}"
    )
    mean = overall["cost"]["mean"]
    click.echo(
        "cost per article: "
        + "  ".join(f"{k} {_fmt(v)}" for k, v in mean.items())
        + f"  (failed articles: {overall['failed']})"
    )
    if report:
        Path(report).write_text(json.dumps(run.report, indent=2, default=str))
    if html_path:
        from summarizer.evaluation.report_html import render_report

        Path(html_path).write_text(render_report(run.report, run.digests, run.fixtures))
    if baseline:
        changes = compare(run.report, json.loads(Path(baseline).read_text()))
        click.echo(f"\nagainst {baseline}: {len(changes)} changes")
        for c in changes:
            mark = {True: "better", False: "WORSE", None: "changed"}[c.better]
            click.echo(
                f"  {mark:7} {c.scope[:40]:40} {c.metric:30} {_fmt(c.before)} -> {_fmt(c.after)}"
            )
    failures = failed_thresholds(run.report, thresholds)
    for failure in failures:
        click.echo(f"summarizer: threshold missed: {failure}", err=True)
    if failures:
        sys.exit(1)
