"""Interrupted batches: a killed ``summarize -o out.jsonl`` run, run again, leaves every
article in the file exactly once, each line whole; JSON and Markdown files are
replaced only by a complete document.

Unit tests drive :func:`summarizer.resume.scan_jsonl` on hand-made files; the
end-to-end tests ``kill -9`` a real ``python -m summarizer`` process talking to the
scripted fake server (``tests/fake_openai.py``) and run it again.
"""

from __future__ import annotations

import io
import json
import os
import signal
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fake_openai import FakeOpenAI, serve, status
from helpers_cli import (
    ROOT,
    answer,
    article_id,
    clean_env,
    requests_about,
    route_answers,
    run_cli,
    summarizer_cmd,
    write_articles,
)

from summarizer.cli import main
from summarizer.errors import InputError
from summarizer.oneshot.llm_schema import LLMDigest
from summarizer.oneshot.review import review
from summarizer.resume import open_output, scan_jsonl
from summarizer.schemas import Article, ArticleFailure, Digest, Provenance, Summary
from summarizer.writers import JsonLinesWriter

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def digest_line(aid: str) -> bytes:
    digest = Digest(
        article_id=aid,
        summary=Summary(headline="h", text="t"),
        provenance=Provenance(
            model="m", backend="b", prompt_version="v", schema_version="1", schema_hash="x"
        ),
    )
    return (json.dumps(digest.to_json_dict()) + "\n").encode()


def failure_line(aid: str) -> bytes:
    failure = ArticleFailure(article_id=aid, error="HTTP 503", error_type="BackendError")
    return (json.dumps(failure.to_json_dict()) + "\n").encode()


def ids_in(path: Path) -> list[str]:
    """Every line's article_id; fails on a line that is not whole JSON."""
    data = path.read_bytes()
    assert data.endswith(b"\n"), "last line not whole"
    return [json.loads(line)["article_id"] for line in data.decode().splitlines()]


# --- the scan ---------------------------------------------------------------------------------


def test_missing_file_is_an_empty_scan_and_creates_nothing(tmp_path: Path) -> None:
    scan = scan_jsonl(tmp_path / "out.jsonl")
    assert (scan.done, scan.retried, scan.torn, scan.existed) == (set(), set(), False, False)
    assert not (tmp_path / "out.jsonl").exists()


def test_whole_file_is_left_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(digest_line("a") + digest_line("b"))
    before = os.stat(out)

    scan = scan_jsonl(out)

    assert scan.done == {"a", "b"}
    assert not (scan.torn or scan.truncated or scan.rewritten)
    assert out.read_bytes() == digest_line("a") + digest_line("b")
    assert os.stat(out).st_ino == before.st_ino


def test_torn_last_line_is_truncated_to_the_last_whole_line(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    whole = digest_line("a") + digest_line("b")
    out.write_bytes(whole + digest_line("c")[:57])  # killed in the middle of writing "c"
    inode = os.stat(out).st_ino

    scan = scan_jsonl(out)

    assert scan.done == {"a", "b"}
    assert scan.torn and scan.truncated and not scan.rewritten
    assert out.read_bytes() == whole
    assert os.stat(out).st_ino == inode  # truncated in place, not replaced


def test_whole_record_missing_only_its_newline_is_still_torn(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(digest_line("a") + digest_line("b").rstrip(b"\n"))

    scan = scan_jsonl(out)

    assert scan.done == {"a"}  # "b" is digested again rather than trusted half-written
    assert out.read_bytes() == digest_line("a")


def test_torn_first_line_leaves_an_empty_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(digest_line("a")[:30])

    scan = scan_jsonl(out)

    assert scan.done == set() and scan.torn and scan.existed
    assert out.read_bytes() == b""


def test_failures_are_dropped_so_their_articles_run_again(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(digest_line("a") + failure_line("b") + digest_line("c") + failure_line("d"))

    scan = scan_jsonl(out)

    assert scan.done == {"a", "c"}
    assert scan.retried == {"b", "d"}
    assert scan.rewritten
    assert out.read_bytes() == digest_line("a") + digest_line("c")
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temp file left


def test_duplicates_are_impossible_after_a_scan(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(
        digest_line("a")
        + failure_line("b")
        + digest_line("a")
        + digest_line("b")
        + b"\n"
        + failure_line("b")
        + digest_line("a")[:20]
    )

    scan = scan_jsonl(out)

    assert scan.done == {"a", "b"}
    assert scan.retried == set()  # "b" failed once, then succeeded: done
    assert scan.duplicates == 1 and scan.torn
    assert ids_in(out) == ["a", "b"]


def test_rewrite_keeps_the_file_mode(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(failure_line("a") + digest_line("b"))
    out.chmod(0o640)

    scan_jsonl(out)

    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert ids_in(out) == ["b"]


@pytest.mark.parametrize(
    "content",
    [
        b"name,count\nx,1\n",  # a CSV someone pointed -o at
        b"just some notes",  # one line, no newline
        b'[\n  {\n    "article_id": "a"\n  }\n]\n',  # a --format json output
        digest_line("a") + b"not json\n" + digest_line("b"),  # edited by hand
        digest_line("a") + b'{"id": "x"}\n',  # JSON, but not a record of ours
    ],
    ids=["csv", "text", "json-format", "garbage-line", "foreign-json"],
)
def test_a_file_that_is_not_our_output_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(content)

    with pytest.raises(InputError, match="overwrite it on purpose") as info:
        scan_jsonl(out)
    assert info.value.context["options"] == ("restart", "output")  # the CLI names the flags

    assert out.read_bytes() == content


def test_pending_keeps_articles_and_load_failures_not_done(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(digest_line("a") + digest_line("gone"))
    scan = scan_jsonl(out)
    items = [
        Article(id="a", text="x"),
        Article(id="b", text="y"),
        ArticleFailure(article_id="c", error="no such file", error_type="InputError"),
    ]

    pending = scan.pending(items)

    assert [getattr(i, "id", None) or getattr(i, "article_id", None) for i in pending] == [
        "b",
        "c",
    ]
    assert scan.note(3, 1) == "resuming: 1 of 3 articles already in out.jsonl"


# --- the writer -------------------------------------------------------------------------------


def test_each_line_is_one_write_then_fsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, Any]] = []
    real_write, real_fsync = os.write, os.fsync

    def write(fd: int, data: Any) -> int:
        calls.append(("write", bytes(data)))
        return real_write(fd, data)

    def fsync(fd: int) -> None:
        calls.append(("fsync", fd))
        real_fsync(fd)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "fsync", fsync)
    failure = ArticleFailure(article_id="b", error="x" * 20_000, error_type="E")
    with open(tmp_path / "out.jsonl", "a", encoding="utf-8") as out:
        writer = JsonLinesWriter(out)
        writer.write(ArticleFailure(article_id="a", error="e", error_type="E"))
        writer.write(failure)  # longer than any buffer: still one write
        writer.close()

    kinds = [kind for kind, _ in calls]
    assert kinds == ["write", "fsync", "write", "fsync"]
    assert calls[2][1] == (json.dumps(failure.to_json_dict()) + "\n").encode()
    assert ids_in(tmp_path / "out.jsonl") == ["a", "b"]


def test_writer_to_a_stream_without_a_file_just_flushes() -> None:
    out = io.StringIO()
    JsonLinesWriter(out).write(ArticleFailure(article_id="a", error="e", error_type="E"))
    assert json.loads(out.getvalue())["article_id"] == "a"


# --- json and md: replaced only by a whole document ------------------------------------------


def test_json_output_replaces_the_old_file_only_when_complete(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text('{"old": true}\n')

    with pytest.raises(KeyboardInterrupt), open_output(str(out), "json") as opened:
        opened.stream.write("[\n{")
        raise KeyboardInterrupt

    assert out.read_text() == '{"old": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]

    with open_output(str(out), "md") as opened:
        opened.stream.write("# new\n")
    assert out.read_text() == "# new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "md"])
def test_an_unwritable_destination_is_a_one_line_input_error(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "no-such-dir" / f"out.{fmt}"
    with pytest.raises(InputError, match="cannot write"), open_output(str(target), fmt):
        pass


# --- the command, in process ------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with serve() as state:
        yield state


def invoke(tmp_path: Path, server: FakeOpenAI, *args: str) -> Any:
    env = {k: None for k in os.environ if k.startswith(("SUMMARIZER_", "OPENAI_"))}
    env["SUMMARIZER_CACHE_DIR"] = str(tmp_path / "cache")
    return CliRunner().invoke(
        main,
        [
            "summarize",
            *args,
            "--base-url",
            server.base_url,
            "--model",
            "m",
            "--no-cache",
            "--extractor",
            "one-call",
        ],
        env=env,
        catch_exceptions=False,
    )


def test_scripted_answers_pass_the_review() -> None:
    """Guard: the fake server's answers are ones the pipeline accepts whole."""
    from helpers_cli import article_text

    from summarizer.articles import parse_txt

    for i in range(3):
        checked = review(LLMDigest.model_validate(answer(i)), parse_txt(article_text(i), "a", "a"))
        assert (checked.problems, checked.summary_problems) == ([], [])


def test_resume_skips_done_articles_and_retries_failures(
    tmp_path: Path, server: FakeOpenAI
) -> None:
    ids = write_articles(tmp_path / "in", 4)
    route_answers(server, 4)
    out = tmp_path / "out.jsonl"
    out.write_bytes(
        digest_line(ids[0]) + failure_line(ids[1]) + digest_line(ids[2]) + digest_line(ids[3])[:40]
    )

    result = invoke(tmp_path, server, str(tmp_path / "in"), "-o", str(out), "--format", "jsonl")

    assert result.exit_code == 0, result.output
    assert "resuming: 2 of 4 articles already in out.jsonl" in result.stderr
    assert sorted(ids_in(out)) == sorted(ids)
    assert [requests_about(server, i) for i in range(4)] == [0, 1, 0, 1]


def test_nothing_left_to_do_makes_no_request(tmp_path: Path, server: FakeOpenAI) -> None:
    ids = write_articles(tmp_path / "in", 2)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(digest_line(i) for i in ids))

    result = invoke(tmp_path, server, str(tmp_path / "in"), "-o", str(out), "--format", "jsonl")

    assert result.exit_code == 0, result.output
    assert "resuming: 2 of 2 articles" in result.stderr
    assert server.requests == []
    assert ids_in(out) == ids


def test_restart_overwrites_instead_of_resuming(tmp_path: Path, server: FakeOpenAI) -> None:
    ids = write_articles(tmp_path / "in", 2)
    route_answers(server, 2)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"not ours\n" + digest_line(ids[0]))
    args = [str(tmp_path / "in"), "-o", str(out), "--format", "jsonl"]

    refused = invoke(tmp_path, server, *args)
    assert refused.exit_code == 2
    assert "--restart" in refused.stderr
    assert out.read_bytes() == b"not ours\n" + digest_line(ids[0])

    result = invoke(tmp_path, server, *args, "--restart")
    assert result.exit_code == 0, result.output
    assert "resuming" not in result.stderr
    assert sorted(ids_in(out)) == ids
    assert [requests_about(server, i) for i in range(2)] == [1, 1]


def test_failed_batch_still_replaces_the_json_file(tmp_path: Path, server: FakeOpenAI) -> None:
    """Exit 1 (some articles failed) is a finished run: its document replaces the old one."""
    write_articles(tmp_path / "in", 1)
    server.script(status(400))
    out = tmp_path / "out.json"
    out.write_text("old\n")

    result = invoke(tmp_path, server, str(tmp_path / "in"), "-o", str(out))

    assert result.exit_code == 1
    assert json.loads(out.read_text())["error_type"] == "BackendError"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --- the command, killed with SIGKILL ---------------------------------------------------------


def wait_for(predicate: Any, proc: subprocess.Popen[str], timeout: float = 300) -> None:
    """Poll for an event; the long *timeout* is spent only when the event never comes."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if proc.poll() is not None:
            raise AssertionError(f"exited early ({proc.returncode}): {proc.communicate()}")
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def lines_in(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_kill_9_mid_batch_then_rerun_gives_every_article_once(
    tmp_path: Path, server: FakeOpenAI
) -> None:
    ids = write_articles(tmp_path / "in", 6)
    gate = route_answers(server, 6, held_from=2)  # the third answer waits for the kill
    out = tmp_path / "out.jsonl"
    args = ("summarize", str(tmp_path / "in"), "-o", str(out), "--format", "jsonl")
    args += ("--base-url", server.base_url, "--model", "m", "--no-cache")
    env = clean_env(tmp_path / "cache")

    proc = subprocess.Popen(
        summarizer_cmd(*args),
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: lines_in(out) >= 2 and requests_about(server, 2) > 0, proc)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    before = ids_in(out)
    assert before == ids[:2]
    gate.set()
    # the worst a kill can do: the next line torn half-way
    with out.open("ab") as fh:
        fh.write(digest_line(ids[5])[:45])

    again = run_cli(*args, env=env)

    assert again.returncode == 0, again.stderr
    assert f"resuming: {len(before)} of 6 articles already in out.jsonl" in again.stderr
    after = ids_in(out)  # every line whole JSON
    assert sorted(after) == ids  # every article exactly once
    assert after[: len(before)] == before  # what was there stays, in place
    for i, aid in enumerate(ids):
        if aid in before:  # done before the kill: never asked again
            assert requests_about(server, i) == 1, aid
    assert all(json.loads(line).get("events") for line in out.read_text().splitlines())


def test_kill_9_during_a_json_run_leaves_the_old_file(tmp_path: Path, server: FakeOpenAI) -> None:
    write_articles(tmp_path / "in", 4)
    route_answers(server, 4, held_from=1)  # the second answer never comes before the kill
    out = tmp_path / "out.json"
    out.write_text('{"article_id": "previous run"}\n')
    args = ("summarize", str(tmp_path / "in"), "-o", str(out), "--format", "json")
    args += ("--base-url", server.base_url, "--model", "m", "--no-cache")
    proc = subprocess.Popen(
        summarizer_cmd(*args),
        env=clean_env(tmp_path / "cache"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )

    def temp_has_a_result() -> bool:
        return any(p.name.endswith(".tmp") and p.stat().st_size for p in tmp_path.iterdir())

    try:
        wait_for(lambda: temp_has_a_result() and requests_about(server, 1) > 0, proc)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)

    assert out.read_text() == '{"article_id": "previous run"}\n'
    assert article_id(0) not in out.read_text()
