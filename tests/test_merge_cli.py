"""``summarizer merge`` as a user runs it: outputs, skipped records, errors, scoring."""

from __future__ import annotations

import ast
import csv
import json
from pathlib import Path

from click.testing import CliRunner
from merge_helpers import MERGE_FIXTURES, ROOT, swap, write_digests

from summarizer.cli import main

DIGESTS = str(MERGE_FIXTURES / "digests")
GOLD = str(MERGE_FIXTURES / "gold.yaml")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["merge", *args])


def test_writes_csv_jsonl_sqlite_and_html_in_one_run(tmp_path: Path) -> None:
    outs = [tmp_path / f"x.{s}" for s in ("csv", "jsonl", "sqlite", "html")]
    result = run(DIGESTS, *[a for o in outs for a in ("-o", str(o))])
    assert result.exit_code == 0, result.output
    assert all(o.exists() and o.stat().st_size for o in outs)
    rows = list(csv.DictReader(outs[0].open(encoding="utf-8")))
    exchanges = [json.loads(line) for line in outs[1].read_text().splitlines()]
    assert len(rows) == sum(len(x["flows"]) for x in exchanges)  # one row per flow
    flow = next(r for r in rows if r["disagreement"] == "1" and r["from"] == "Russia")
    said = {flow[f"source{i}_said_by"]: flow[f"source{i}_count"] for i in range(1, 7)}
    assert said["Russian Defence Ministry"] == "150" and said["Volodymyr Zelenskyy"] == "189"
    assert "11 exchanges" in result.stderr


def test_failure_records_are_skipped_and_counted(tmp_path: Path) -> None:
    path = write_digests(tmp_path / "d.jsonl",
                         [swap("a", "2024-09-14", "2024-09-14", "Russia", "Ukraine", 103, 103)],
                         [{"article_id": "b", "error": "model failed", "error_type": "X"}])
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert "1 failure records skipped" in result.stderr
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["articles"] == ["a"]


def test_an_unusable_record_is_named_skipped_and_the_rest_merged(tmp_path: Path) -> None:
    path = write_digests(tmp_path / "d.jsonl",
                         [swap("a", "2024-09-14", "2024-09-14", "Russia", "Ukraine", 103, 103)],
                         [{"article_id": "c", "events": "not a list"}])
    result = run(str(path), "-o", str(tmp_path / "x.jsonl"))
    assert result.exit_code == 1
    assert f"skipped {path}:2: not a digest" in result.stderr
    assert (tmp_path / "x.jsonl").read_text().count("\n") == 1


def test_bad_options_and_inputs_exit_2_with_one_line(tmp_path: Path) -> None:
    for args in ([DIGESTS, "-o", str(tmp_path / "x.xlsx")], [str(tmp_path / "missing.json")],
                 ["--fail-under", "precision=0.9", DIGESTS], []):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
    broken = tmp_path / "broken.json"
    broken.write_text("[{not json")
    result = run(str(broken))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "not valid JSON" in result.stderr


def test_score_against_gold_prints_pairwise_scores_and_gates(tmp_path: Path) -> None:
    result = run(DIGESTS, "--score-against", GOLD, "--fail-under", "precision=0.95",
                 "--fail-under", "recall=0.9")
    assert result.exit_code == 0, result.output
    assert "same-exchange pairs  P 1.000  R 1.000" in result.stdout
    one = write_digests(tmp_path / "d.jsonl", [
        swap("ru-ua-20241230-a", "2024-12-30", "2024-12-30", "Russia", "Ukraine", 150, 150)])
    result = run(str(one), "--score-against", GOLD, "--fail-under", "recall=0.9")
    assert result.exit_code == 1
    assert "threshold missed: recall" in result.stderr


def test_explain_prints_a_reason_for_merged_and_apart_pairs() -> None:
    result = run(DIGESTS, "--explain")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.startswith("MERGED ru-ua-20241230-a#1 + ru-ua-20241231-b#1: same sides")
               for line in lines)
    assert any(line.startswith("apart  hamas-20231124-a#1 + hamas-20231124-a#2: same article")
               or "different sides" in line for line in lines)
    assert any(line.startswith("LINKED ") and "announced" in line for line in lines)


def test_the_merge_library_imports_neither_the_cli_framework_nor_llm_code() -> None:
    banned = {"click", "tqdm", "openai", "instructor"}
    llm_modules = {"summarizer.client", "summarizer.pipeline", "summarizer.oneshot.llm_schema",
                   "summarizer.cli", "summarizer.local"}
    for path in (ROOT / "summarizer" / "merge").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert name.split(".")[0] not in banned, (path.name, name)
                assert not any(name == m or name.startswith(m + ".") for m in llm_modules), name
        assert len(path.read_text().splitlines()) <= 400, path.name
    merge_command = (ROOT / "summarizer" / "cli" / "merge.py").read_text()
    assert "summarizer.cli.summarize" not in merge_command  # the command stands on its own
