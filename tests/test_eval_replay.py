"""``summarizer eval`` replayed offline from the cassette recorded from the embedded model.

Gates on ``eval/thresholds.txt`` (set just under the measured scores): a change that
makes the digests worse fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from summarizer.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASSETTE = ROOT / "cassettes" / "eval" / "structured-qwen2.5-coder-1.5b.yaml"
THRESHOLDS = ROOT / "eval" / "thresholds.txt"


def thresholds() -> list[str]:
    lines = THRESHOLDS.read_text().splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def test_eval_replays_offline_meets_thresholds_and_writes_both_reports(tmp_path: Path) -> None:
    report, page = tmp_path / "report.json", tmp_path / "report.html"
    args = [
        "eval",
        "--replay",
        str(CASSETTE),
        "--fixtures",
        str(ROOT / "eval" / "fixtures"),
        "--report",
        str(report),
        "--html",
        str(page),
    ]
    result = CliRunner().invoke(main, args + [f"--fail-under={t}" for t in thresholds()])
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text())
    tuning = len(list((ROOT / "eval" / "fixtures").glob("*.yaml")))
    validation = len(list((ROOT / "eval" / "fixtures" / "validation").glob("*.yaml")))
    assert data["replayed"] and data["overall"]["articles"] == tuning + validation
    assert data["overall"]["validation"]["articles"] == validation  # scored side by side
    assert "validation (" in result.output and "tuning (" in result.output
    assert "transfers" in result.output and "neutrality violations" in result.output
    assert "<mark>" in page.read_text() and "matched" in page.read_text()


def test_eval_fails_when_a_threshold_is_missed(tmp_path: Path) -> None:
    args = ["eval", "--replay", str(CASSETTE), "--fail-under", "transfers.f1=1.01"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "threshold missed: transfers.f1" in result.output


def test_eval_against_a_baseline_lists_what_changed(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    CliRunner().invoke(main, ["eval", "--replay", str(CASSETTE), "--report", str(report)])
    baseline = json.loads(report.read_text())
    baseline["overall"]["transfers"]["f1"] = 1.0
    (tmp_path / "baseline.json").write_text(json.dumps(baseline))
    result = CliRunner().invoke(
        main, ["eval", "--replay", str(CASSETTE), "--baseline", str(tmp_path / "baseline.json")]
    )
    assert result.exit_code == 0
    assert "WORSE" in result.output and "transfers.f1" in result.output
