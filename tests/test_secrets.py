"""The API key and other credentials never leave the Authorization header.

* committed cassettes hold no key, bearer token, organisation id or auth/cookie header;
* a real ``summarize`` run with a key, at full verbosity, in every output format,
  never prints, writes, logs or sends the key anywhere but the Authorization header;
* help texts and error messages never echo it;
* a cassette recorded while a key (and organisation/project ids) is sent comes out
  clean: the filters in :mod:`summarizer.recording` work on real traffic (the
  committed cassettes came from a keyless local server, so they cannot show it).
"""

from __future__ import annotations

import random
import re
import string
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fake_openai import FakeOpenAI, ok, serve, status
from helpers_cli import ROOT, clean_env, route_answers, summarizer_cmd, write_articles

from summarizer.client import LLMClient, RetryPolicy
from summarizer.config import Backend, BackendKind, Mode
from summarizer.oneshot.llm_schema import LLMDigest
from summarizer.oneshot.prompts import messages
from summarizer.recording import SECRET_HEADERS, cassette
from summarizer.schemas import Article

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

CASSETTES = ROOT / "cassettes"
SECRET_PATTERNS = {
    "API key": re.compile(r"(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{16,}"),
    "bearer token": re.compile(r"Bearer [A-Za-z0-9._-]{12,}"),
    "organisation id": re.compile(r"(?<![A-Za-z0-9])org-[A-Za-z0-9]{12,}"),
    "credential header": re.compile(
        r"""^\s*-?\s*['"]?(authorization|openai-organization|openai-project|set-cookie|cookie"""
        r"""|x-api-key|api-key)['"]?\s*:""",
        re.IGNORECASE | re.MULTILINE,
    ),
}


def secrets_in(text: str) -> list[str]:
    return [
        f"{what}: {m.group(0)[:40]!r}"
        for what, rx in SECRET_PATTERNS.items()
        for m in rx.finditer(text)
    ]


def make_key() -> str:
    return "sk-test-" + "".join(random.choices(string.ascii_letters + string.digits, k=32))


# --- committed cassettes ----------------------------------------------------------------------


def cassette_files() -> list[Path]:
    return sorted(p for p in CASSETTES.rglob("*") if p.is_file())


def test_the_secret_scanner_finds_what_it_looks_for() -> None:
    """Guard for the scan below: each pattern fires on a leak of its kind."""
    leak = (
        "interactions:\n- request:\n    headers:\n      Authorization:\n"
        f"      - Bearer {make_key()}\n      OpenAI-Organization:\n      - org-AbCdEf123456789\n"
        "      openai-project:\n      - proj_x\n  response:\n    headers:\n      set-cookie:\n"
        "      - a=b\n      Cookie: c=d\n"
    )
    found = " ".join(secrets_in(leak))
    for what in SECRET_PATTERNS:
        assert what in found
    for header in (
        "Authorization",
        "OpenAI-Organization",
        "openai-project",
        "set-cookie",
        "Cookie",
    ):
        assert header in found
    # words that merely look alike are not secrets
    assert secrets_in("Kursk-Belgorod border; the Donetsk-based unit; an org-chart") == []


def test_committed_cassettes_hold_no_credentials() -> None:
    files = cassette_files()
    assert files, "no cassettes found"
    leaks = {
        str(p.relative_to(ROOT)): found
        for p in files
        if (found := secrets_in(p.read_text("utf-8", errors="replace")))
    }
    assert leaks == {}


def test_committed_cassettes_keep_only_harmless_headers() -> None:
    for path in cassette_files():
        if path.suffix not in (".yaml", ".yml"):
            continue
        for interaction in (yaml.safe_load(path.read_text("utf-8")) or {}).get("interactions", []):
            request_headers = {k.lower() for k in interaction["request"].get("headers", {})}
            assert not request_headers & set(SECRET_HEADERS), path.name
            assert not any(h.startswith("x-stainless") for h in request_headers), path.name
            response_headers = {k.lower() for k in interaction["response"].get("headers", {})}
            assert response_headers <= {"content-type"}, path.name


# --- a real run with a key --------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with serve() as state:
        yield state


def start(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        summarizer_cmd(*args),
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


def files_under(directory: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def test_key_appears_only_in_the_authorization_header(tmp_path: Path, server: FakeOpenAI) -> None:
    key = make_key()
    write_articles(tmp_path / "in", 2)
    route_answers(server, 2)
    cache = tmp_path / "cache"
    env = clean_env(cache, OPENAI_API_KEY=key)
    verbose = ("-v", "-v", "summarize", str(tmp_path / "in"))
    verbose += ("--base-url", server.base_url, "--model", "m")
    no_cache = (*verbose, "--no-cache")
    runs = {  # all three at once: the machine is busy, the runs are independent
        "json": start(*no_cache, env=env),
        "jsonl": start(*no_cache, "-o", str(tmp_path / "out.jsonl"), "--format", "jsonl", env=env),
        # with the cache: the digest database is written too
        "md": start(*verbose, "-o", str(tmp_path / "out.md"), "--format", "md", env=env),
    }
    results = {fmt: finish(proc) for fmt, proc in runs.items()}

    for fmt, (code, out, err) in results.items():
        assert code == 0, (fmt, err[-2000:])
        assert key not in out, fmt
        assert key not in err, fmt
        assert "DEBUG" in err, fmt  # the verbose logging really ran
    assert '"events"' in results["json"][1]
    outputs = {p: (tmp_path / p).read_text() for p in ("out.jsonl", "out.md")}
    assert all(outputs.values())
    assert [p for p, text in outputs.items() if key in text] == []
    logged = files_under(cache)
    assert any(p.endswith("digests.sqlite") for p in logged)  # something to search
    assert [p for p, data in logged.items() if key.encode() in data] == []

    requests = server.chat_requests()
    assert len(requests) == 6  # 3 runs x 2 articles, each answered at once
    for request in requests:
        assert request.headers["authorization"] == f"Bearer {key}"  # where it belongs
        assert key.encode() not in request.raw
        assert key not in request.path
        assert key not in str({k: v for k, v in request.headers.items() if k != "authorization"})


def test_help_and_errors_never_echo_the_key(tmp_path: Path) -> None:
    key = make_key()
    env = clean_env(tmp_path / "cache", OPENAI_API_KEY=key)
    write_articles(tmp_path / "in", 1)
    with serve() as rejecting:
        rejecting.script(status(401))
        rejected = ("-v", "-v", "summarize", str(tmp_path / "in"), "--no-cache")
        rejected += ("--base-url", rejecting.base_url, "--model", "m")
        runs = {
            "help": start("--help", env=env),
            "summarize help": start("summarize", "--help", env=env),
            "401": start(*rejected, env=env),
            "bad url": start(
                "summarize", str(tmp_path / "in"), "--base-url", "ftp://example", env=env
            ),
        }
        results = {name: finish(proc) for name, proc in runs.items()}
        (request,) = rejecting.chat_requests()
        assert request.headers["authorization"] == f"Bearer {key}"

    for name, (_, out, err) in results.items():
        assert key not in out + err, name
        assert secrets_in(out + err) == [], name
    assert results["help"][0] == results["summarize help"][0] == 0
    assert results["401"][0] == 1  # the article failed; its error record says why
    assert "rejected the API key (check OPENAI_API_KEY)" in results["401"][1]
    assert results["bad url"][0] == 2
    assert "not an http(s) URL" in results["bad url"][2]


# --- recording with a key ---------------------------------------------------------------------

ARTICLE = Article(
    id="rec",
    text="Russia returned the bodies of 40 soldiers to Ukraine on Friday, officials said.",
)


def test_a_cassette_recorded_with_a_key_comes_out_clean(
    tmp_path: Path, server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = make_key()
    org, project = "org-" + key[-20:], "proj_" + key[-20:]
    monkeypatch.setenv("OPENAI_ORG_ID", org)  # the openai client sends these as headers
    monkeypatch.setenv("OPENAI_PROJECT_ID", project)
    server.script(
        status(503), ok({"transfers": [], "figures": [], "headline": "h", "summary": "s"})
    )
    backend = Backend(
        kind=BackendKind.COMPATIBLE,
        model="m",
        base_url=server.base_url,
        mode=Mode.TOOLS,
        api_key=key,
        timeout=60,
    )
    path = tmp_path / "recorded.yaml"
    client = LLMClient(backend, RetryPolicy(attempts=2, initial_wait=0.01, max_wait=0.01))
    try:
        with cassette(path, record=True):
            client.structured(LLMDigest, messages(ARTICLE), max_reasks=0)
    finally:
        client.close()

    sent = server.chat_requests()
    assert sent and all(r.headers["authorization"] == f"Bearer {key}" for r in sent)
    assert sent[-1].headers["openai-organization"] == org
    assert sent[-1].headers["openai-project"] == project
    text = path.read_text("utf-8")
    for secret in (key, org, project):
        assert secret not in text
    assert "authorization" not in text.lower()
    assert secrets_in(text) == []
    recorded: dict[str, Any] = yaml.safe_load(text)
    assert len(recorded["interactions"]) >= 1
    for interaction in recorded["interactions"]:
        assert "127.0.0.1:8000" in interaction["request"]["uri"]  # port normalised
        assert not {k.lower() for k in interaction["request"]["headers"]} & set(SECRET_HEADERS)
        assert set(interaction["response"]["headers"]) <= {"content-type", "Content-Type"}
