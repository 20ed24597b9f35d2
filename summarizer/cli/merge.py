"""``summarizer merge``: thin: parse options, call :func:`summarizer.merge.merge`, render.

No LLM involved: the merge library imports neither the CLI nor any model code."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from summarizer.cli.shared import friendly_errors

KINDS = {".csv": "csv", ".jsonl": "jsonl", ".sqlite": "sqlite", ".sqlite3": "sqlite",
         ".db": "sqlite", ".html": "html", ".htm": "html"}


def _outputs(paths: tuple[str, ...]) -> dict[str, list[Path]]:
    chosen: dict[str, list[Path]] = {}
    for raw in paths:
        kind = KINDS.get(Path(raw).suffix.lower())
        if kind is None:
            raise click.BadParameter(
                f"{raw}: say the format by the suffix: {', '.join(sorted(KINDS))}",
                param_hint="-o/--output")
        chosen.setdefault(kind, []).append(Path(raw))
    if len(chosen.get("sqlite", [])) > 1:
        raise click.BadParameter("one SQLite dataset per run", param_hint="-o/--output")
    return chosen


def _thresholds(items: tuple[str, ...]) -> list[tuple[str, float]]:
    parsed = []
    for item in items:
        name, _, value = item.partition("=")
        try:
            parsed.append((name.strip(), float(value)))
        except ValueError:
            raise click.BadParameter(f"{item}: expected METRIC=NUMBER, e.g. precision=0.95",
                                     param_hint="--fail-under") from None
    return parsed


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


@click.command("merge")
@click.argument("digests", nargs=-1)
@click.option("-o", "--output", "outputs", multiple=True, metavar="FILE",
              help="Write here; the suffix says how: .csv (a row per flow), .jsonl (an "
              "exchange per line), .sqlite/.db (dataset; merged INTO if it exists), .html "
              "(timeline). Repeatable. Default: JSON Lines on stdout.")
@click.option("--explain", is_flag=True,
              help="Print why each pair of events sharing two sides was or was not merged, "
              "and why stages were linked.")
@click.option("--score-against", "gold", type=click.Path(dir_okay=False, exists=True),
              help="Gold merge YAML: print pairwise precision/recall of 'same exchange'.")
@click.option("--fail-under", "fail_under", multiple=True, metavar="METRIC=VALUE",
              help="With --score-against: exit 1 if METRIC (precision, recall, f1, "
              "links.precision, links.recall) is below VALUE. Repeatable.")
@friendly_errors
def merge_cmd(digests: tuple[str, ...], outputs: tuple[str, ...], explain: bool,
              gold: str | None, fail_under: tuple[str, ...]) -> None:
    """Merge digests (summarize's JSON/JSONL output, or folders of it) into exchanges.

    Events of different articles become one exchange when they are the same occasion:
    same day (or as close as the text allows), same sides, compatible categories and
    the same status; announcements are linked to their completion, not merged. Every
    source's figure is kept per flow; disagreements are flagged, never resolved.

    Exit status: 0 merged; 1 some records were unusable (skipped, listed) or a
    --fail-under threshold was missed; 2 bad options or input.
    """
    from summarizer.merge import merge
    from summarizer.merge.export import write_csv, write_jsonl
    from summarizer.merge.timeline import render_timeline

    chosen = _outputs(outputs)
    thresholds = _thresholds(fail_under)
    if thresholds and not gold:
        raise click.BadParameter("needs --score-against GOLD", param_hint="--fail-under")
    if not digests and "sqlite" not in chosen:
        raise click.UsageError("give digests to merge, or -o DATASET.sqlite to re-render one")
    store = chosen.get("sqlite", [None])[0]
    run = merge(digests, into=store)
    for line in run.loaded.invalid:
        click.echo(f"summarizer: skipped {line}", err=True)
    for path in chosen.get("csv", []):
        with path.open("w", encoding="utf-8", newline="") as out:
            write_csv(run.dataset, out)
    for path in chosen.get("jsonl", []):
        with path.open("w", encoding="utf-8") as out:
            write_jsonl(run.dataset, out)
    for path in chosen.get("html", []):
        path.write_text(render_timeline(run.dataset), encoding="utf-8")
    if not outputs and not explain and not gold:
        write_jsonl(run.dataset, sys.stdout)
    if explain:
        for decision in run.dataset.decisions:
            click.echo(decision.line())
        for link in run.dataset.links:
            click.echo(f"LINKED {link.earlier} -> {link.later}: {link.reason}")
    click.echo(f"summarizer: merge: {run.summary()}"
               + (f"; {store} {'written' if run.stored else 'unchanged'}" if store else ""),
               err=True)
    missed = _score(run.dataset, Path(gold), thresholds) if gold else []
    if run.loaded.invalid or missed:
        sys.exit(1)


def _score(dataset: Any, gold: Path, thresholds: list[tuple[str, float]]) -> list[str]:
    from summarizer.merge.scoring import load_gold, score_merge

    score = score_merge(dataset, load_gold(gold))
    report = score.to_dict()
    p, k = report["pairs"], report["links"]
    click.echo(f"same-exchange pairs  P {_fmt(p['precision'])}  R {_fmt(p['recall'])}  "
               f"F1 {_fmt(p['f1'])}  (tp {p['tp']}, fp {p['fp']}, fn {p['fn']})")
    click.echo(f"stage links          P {_fmt(k['precision'])}  R {_fmt(k['recall'])}  "
               f"F1 {_fmt(k['f1'])}  (tp {k['tp']}, fp {k['fp']}, fn {k['fn']})")
    for a, b in score.false_merges:
        click.echo(f"  merged, gold apart:  {a} + {b}")
    for a, b in score.missed_merges:
        click.echo(f"  apart, gold merged:  {a} + {b}")
    if score.unlabelled:
        click.echo(f"  not in gold (ignored): {json.dumps(score.unlabelled)}")
    flat = {**{k2: v for k2, v in p.items()}, **{f"links.{k2}": v for k2, v in k.items()}}
    missed = []
    for name, floor in thresholds:
        if name not in flat:
            raise click.BadParameter(f"unknown metric {name}; one of {', '.join(flat)}",
                                     param_hint="--fail-under")
        value = flat[name]
        if value is None or value < floor:
            missed.append(f"{name} {_fmt(value)} < {floor}")
            click.echo(f"summarizer: threshold missed: {name} {_fmt(value)} < {floor}", err=True)
    return missed
