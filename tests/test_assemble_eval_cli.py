"""Events grouped in code, the fallback summary, eval thresholds/baselines, and the CLI edge."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import main
from summarizer.errors import ConfigError
from summarizer.evaluation.run import Threshold, compare, failed_thresholds
from summarizer.grounding import summary_problems
from summarizer.oneshot.assemble import fallback_summary, group_events
from summarizer.oneshot.review import EventInfo
from summarizer.schemas import Figure, Transfer

FIXTURES = Path(__file__).resolve().parent.parent / "eval" / "fixtures"
SEED_002 = (FIXTURES / "002_621da51f4ae6f0f5.txt").read_text()


def flow(frm: str, to: str, count: int, source: str, evidence: str) -> Transfer:
    return Transfer.model_validate(
        {
            "from": frm,
            "to": to,
            "category": "remains",
            "count": count,
            "reported_by": [source],
            "evidence": evidence,
        }
    )


def info(
    status: str = "completed",
    date: dt.date | None = None,
    text: str | None = None,
    mediators: tuple[str, ...] = (),
) -> EventInfo:
    return EventInfo(status, date, text, mediators, None)


A = (
    "“Another repatriation event took place, as a result of which fallen servicemen were "
    "returned to Ukraine"
)
B = "Separately, Russia’s Interfax news agency said on January 26"


def test_both_directions_of_one_day_form_one_event() -> None:
    day = dt.date(2024, 1, 26)
    items = [
        (
            flow("Russia", "Ukraine", 77, "Coordination Headquarters", A),
            info(date=day, mediators=("International Committee of the Red Cross",)),
        ),
        (flow("Ukraine", "Russia", 55, "Interfax", B), info(date=day)),
    ]
    (event,) = group_events(items, dt.date(2024, 1, 27), [])
    assert [t.count for t in event.transfers] == [77, 55]
    assert event.mediators == ["International Committee of the Red Cross"]
    assert event.evidence == [A, B]


def test_different_days_or_statuses_are_different_events() -> None:
    items = [
        (flow("Russia", "Ukraine", 77, "HQ", A), info(date=dt.date(2024, 1, 26))),
        (flow("Russia", "Ukraine", 55, "HQ", B), info(date=dt.date(2024, 1, 20))),
        (flow("Russia", "Ukraine", 55, "HQ", B), info(status="proposed")),
    ]
    assert len(group_events(items, dt.date(2024, 1, 27), [])) == 3


def test_completed_event_dated_after_publication_loses_its_date_with_a_warning() -> None:
    warnings: list[str] = []
    items = [(flow("Russia", "Ukraine", 77, "HQ", A), info(date=dt.date(2024, 2, 2)))]
    (event,) = group_events(items, dt.date(2024, 1, 27), warnings)
    assert event.date is None and warnings and "after publication" in warnings[0]


def test_fallback_summary_is_neutral_grounded_and_attributed() -> None:
    day = dt.date(2024, 1, 26)
    events = group_events(
        [
            (
                flow("Russia", "Ukraine", 77, "Coordination Headquarters", A),
                info(date=day, text="on January 26"),
            ),
            (flow("Ukraine", "Russia", 55, "Interfax", B), info(date=day, text="on January 26")),
        ],
        None,
        [],
    )
    figures = [
        Figure(
            kind="casualties",
            description="Russian military personnel killed",
            value=42284,
            qualifier="at_least",
            reported_by=["Mediazona"],
            evidence="x",
        )
    ]
    summary = fallback_summary(events, figures)
    assert (
        summary_problems(
            summary.headline,
            summary.text,
            SEED_002,
            [t for e in events for t in e.transfers],
            figures,
        )
        == []
    )
    assert "77" in summary.text and "55" in summary.text and "Interfax" in summary.text


def test_fallback_summary_for_an_article_without_exchange_states_no_numbers() -> None:
    summary = fallback_summary([], [])
    assert summary_problems(summary.headline, summary.text, "Rain on Tuesday.", [], []) == []


# --- eval helpers ------------------------------------------------------------------

REPORT = {
    "overall": {"transfers": {"f1": 0.5}, "summary": {"neutrality_violations": 2}, "failed": 0},
    "articles": {"a": {"transfers": {"f1": 0.5}}},
}


def test_threshold_below_the_score_passes_and_above_fails() -> None:
    assert failed_thresholds(REPORT, [Threshold.parse("transfers.f1=0.4")]) == []
    assert failed_thresholds(REPORT, [Threshold.parse("transfers.f1=0.6")])


def test_violation_threshold_is_a_maximum() -> None:
    assert failed_thresholds(REPORT, [Threshold.parse("summary.neutrality_violations=2")]) == []
    assert failed_thresholds(REPORT, [Threshold.parse("summary.neutrality_violations=1")])


def test_unknown_metric_and_malformed_threshold_are_reported() -> None:
    assert "no such metric" in failed_thresholds(REPORT, [Threshold.parse("nope=1")])[0]
    with pytest.raises(ConfigError, match="METRIC=NUMBER"):
        Threshold.parse("transfers.f1")


def test_baseline_comparison_says_what_got_worse() -> None:
    before = json.loads(json.dumps(REPORT))
    before["overall"]["transfers"]["f1"] = 0.7
    before["articles"]["a"]["transfers"]["f1"] = 0.9
    changes = {(c.scope, c.metric): c.better for c in compare(REPORT, before)}
    assert changes[("overall", "transfers.f1")] is False
    assert changes[("a", "transfers.f1")] is False


# --- CLI edge ------------------------------------------------------------------------


def test_schema_command_prints_the_contract_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert result.exit_code == 0
    assert {"events", "figures", "summary", "provenance"} <= set(schema["properties"])


def test_contradicting_flags_give_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(
        main, ["summarize", "x.txt", "--local", "--base-url", "http://127.0.0.1:1/v1"]
    )
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "contradict" in result.output


def test_openai_url_without_key_never_starts_and_says_how_to_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("OPENAI_API_KEY", "SUMMARIZER_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(
        main, ["summarize", "x.txt", "--base-url", "https://api.openai.com/v1"]
    )
    assert result.exit_code == 2 and "OPENAI_API_KEY" in result.output


def test_eval_with_a_bad_threshold_fails_before_any_work() -> None:
    result = CliRunner().invoke(main, ["eval", "--fail-under", "transfers.f1"])
    assert result.exit_code == 2 and "METRIC=NUMBER" in result.output
