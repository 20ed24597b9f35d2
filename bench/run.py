"""Benchmark: the summarizer against the physical floor and against peers, on one server.

    .venv/bin/python -m bench.run --help

Everything is measured in this one run on this machine: the server's prompt and generation
speeds (plain completions), our pipeline per article, a naive instructor call and google's
langextract on the same model and server, a cached re-run, and throughput at several
concurrency levels against the local server and against a fast fake server that replays
recorded answers (so our own overhead shows apart from the LLM's).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx

from bench.approaches import Row, Run, run_ours, run_peer
from bench.floor import (
    count_tokens,
    floor_seconds,
    gold_digest_text,
    measure_prefix_reuse,
    measure_speeds,
)
from bench.meter import metering_proxy
from bench.replay_server import replay_server
from bench.report import (
    approach_table,
    article_table,
    score_run,
    server_table,
    throughput_table,
)
from bench.serverlog import server_log_for
from summarizer.articles import clean_text
from summarizer.client import LLMClient
from summarizer.config import Backend, BackendKind, default_max_reasks, select_backend
from summarizer.evaluation.fixtures import Fixture, load_fixtures
from summarizer.local.session import open_backend
from summarizer.oneshot.llm_schema import LLMDigest
from summarizer.oneshot.prompts import PROMPT_VERSION, prompt_hash
from summarizer.oneshot.prompts import messages as render_prompt
from summarizer.recording import recorded_mode

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("speeds", "prefix", "ours", "cache", "naive", "langextract", "concurrency", "overhead")
LLM_STEPS = set(STEPS) - {"overhead"}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    p.add_argument("--fixtures", type=Path, default=ROOT / "eval" / "fixtures")
    p.add_argument(
        "--articles",
        default="seeds",
        help="'seeds' (the five seed articles, default), 'all', or comma-separated fixture ids",
    )
    p.add_argument("--steps", default=",".join(STEPS), help=f"any of {', '.join(STEPS)}")
    p.add_argument("--model", help="embedded model name (default: the summarizer's default)")
    p.add_argument("--concurrency", default="1,2,4", help="levels for the throughput runs")
    p.add_argument(
        "--concurrency-articles",
        type=int,
        default=2,
        help="articles per throughput run against the local server (each level re-runs them)",
    )
    p.add_argument(
        "--cassette",
        type=Path,
        default=ROOT / "cassettes" / "eval" / "structured-qwen2.5-coder-1.5b.yaml",
        help="recorded answers the fast fake server replays (overhead step)",
    )
    p.add_argument("--overhead-rounds", type=int, default=5)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    return p.parse_args(argv)


def pick(fixtures: list[Fixture], which: str) -> list[Fixture]:
    if which == "all":
        return fixtures
    if which == "seeds":
        return [f for f in fixtures if f.id[:3].isdigit()]
    wanted = [w.strip() for w in which.split(",") if w.strip()]
    by_id = {f.id: f for f in fixtures}
    missing = [w for w in wanted if w not in by_id]
    if missing:
        sys.exit(f"bench: no fixture {', '.join(missing)} in the fixtures directory")
    return [by_id[w] for w in wanted]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_overhead(
    fixtures: list[Fixture], cassette: Path, model: str, levels: list[int], rounds: int
) -> list[dict[str, Any]]:
    """Our pipeline against a server that answers instantly from the cassette."""
    rows = []
    with replay_server(cassette) as url:
        mode = recorded_mode(cassette) or select_backend(local=True).mode
        fake = Backend(BackendKind.COMPATIBLE, model, url, mode)
        run_ours("warm-up", fixtures, fake, None, max_reasks=0)  # imports, regexes, caches
        settings = [(1, False)] + [(level, True) for level in levels]
        for level, write in settings:
            walls = []
            for _ in range(rounds):
                run = run_ours(
                    "overhead", fixtures, fake, None, max_reasks=0, concurrency=level, write=write
                )
                walls.append(run.wall_seconds)
                failed = [r for r in run.rows if r.error]
            best = min(walls)
            rows.append(
                {
                    "setting": f"fake server (replayed answers), concurrency {level}, "
                    + ("JSONL output (write + fsync per record)" if write else "no output file"),
                    "articles": len(fixtures),
                    "wall_seconds": round(best, 4),
                    "articles_per_min": round(60 * len(fixtures) / best, 1),
                    "ms_per_article": round(1000 * best / len(fixtures), 2),
                    "median_wall_seconds": round(sorted(walls)[len(walls) // 2], 4),
                    "failed": len(failed),
                }
            )
    return rows


def prefix_reuse(backend: Backend, first: Fixture, second: Fixture) -> dict[str, Any]:
    client = LLMClient(backend)

    def ask(fixture: Fixture) -> Callable[[], object]:
        article = fixture.article()
        cleaned = article.model_copy(update={"text": clean_text(article.text)})
        return lambda: client.structured(
            LLMDigest, render_prompt(cleaned), max_reasks=0, max_tokens=1
        )

    try:
        with httpx.Client(timeout=600) as http:
            timing = measure_prefix_reuse(
                http, backend.base_url or "", backend.model, ask(first), ask(second)
            )
    finally:
        client.close()
    return {"article": second.id, "after": first.id, **timing}


def throughput(run: Run, setting: str) -> dict[str, Any]:
    n = len(run.rows)
    return {
        "setting": setting,
        "articles": n,
        "wall_seconds": round(run.wall_seconds, 2),
        "articles_per_min": round(60 * n / run.wall_seconds, 2) if run.wall_seconds else None,
        "llm_calls": run.metered.get("llm_calls"),
        "failed": sum(1 for r in run.rows if r.error),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.getLogger("instructor").setLevel(logging.CRITICAL)  # re-ask chatter
    steps = {s.strip() for s in args.steps.split(",") if s.strip()}
    if unknown := steps - set(STEPS):
        sys.exit(f"bench: unknown step(s) {', '.join(sorted(unknown))}; choose from {STEPS}")
    levels = [int(x) for x in args.concurrency.split(",")]
    fixtures = pick(load_fixtures(args.fixtures), args.articles)
    backend = select_backend(local=True, model=args.model)
    result: dict[str, Any] = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()}, {_cores()} cores",
        "model": backend.model,
        "prompt_version": f"{PROMPT_VERSION}+{prompt_hash()}",
        "articles": [f.id for f in fixtures],
        "command": "python -m bench.run " + " ".join(sys.argv[1:] if argv is None else argv),
    }
    runs: dict[str, Run] = {}
    throughput_rows: list[dict[str, Any]] = []
    if steps & LLM_STEPS:
        with open_backend(backend) as live, metering_proxy(live.base_url or "") as (url, meter):
            metered = live.with_base_url(url)
            reasks = default_max_reasks(live)
            slog = server_log_for(live.base_url or "")

            def phase(name: str, make: Callable[[], Run]) -> Run:
                mark = slog.mark() if slog else 0
                run = make()
                run.server = slog.since(mark) if slog else {}
                runs[name] = run
                return run

            result["max_reasks"] = reasks
            if "speeds" in steps:
                log("speeds: plain completions")
                with httpx.Client(timeout=600) as http:
                    speeds, article_tokens = measure_speeds(
                        http, url, live.model, [f.text for f in fixtures]
                    )
                    gold_tokens = [
                        count_tokens(http, url, gold_digest_text(f.gold)) for f in fixtures
                    ]
                result["speeds"] = asdict(speeds)
                result["floor"] = {
                    f.id: {
                        "article_tokens": a,
                        "gold_digest_tokens": g,
                        "floor_seconds": round(floor_seconds(a, g, speeds), 2),
                    }
                    for f, a, g in zip(fixtures, article_tokens, gold_tokens, strict=True)
                }
            if "prefix" in steps and len(fixtures) >= 2:
                log("prefix reuse: one article's request with the shared prefix cold, then warm")
                result["prefix_reuse"] = prefix_reuse(metered, fixtures[0], fixtures[1])
            with tempfile.TemporaryDirectory() as tmp:
                cache_path = Path(tmp) / "digests.sqlite"
                if "ours" in steps:
                    log(f"ours: {len(fixtures)} articles (max_reasks {reasks})")
                    runs["summarizer"] = phase(
                        "summarizer",
                        lambda: run_ours(
                            "summarizer",
                            fixtures,
                            metered,
                            meter,
                            max_reasks=reasks,
                            cache_path=cache_path,
                        ),
                    )
                    throughput_rows.append(
                        throughput(runs["summarizer"], "local server, first run, concurrency 1")
                    )
                if "cache" in steps and "ours" in steps:
                    log("cache: the same batch again")
                    again = run_ours(
                        "cached", fixtures, metered, meter, max_reasks=reasks, cache_path=cache_path
                    )
                    throughput_rows.append(throughput(again, "local server, re-run (cache)"))
            if "naive" in steps:
                log("naive peer: one instructor call per article")
                from bench.peer_naive import digest_naively

                phase(
                    "naive instructor",
                    lambda: run_peer(
                        "naive instructor",
                        fixtures,
                        lambda f: digest_naively(f.text, base_url=url, model=live.model),
                        meter,
                    ),
                )
            if "langextract" in steps:
                log("langextract peer")
                from bench.peer_langextract import digest_with_langextract

                phase(
                    "langextract",
                    lambda: run_peer(
                        "langextract",
                        fixtures,
                        lambda f: digest_with_langextract(
                            f.text,
                            base_url=url,
                            model=live.model,
                            published=f.published,
                            source=f.source,
                            article_id=f.id,
                        ),
                        meter,
                    ),
                )
            if "concurrency" in steps:
                subset = fixtures[: args.concurrency_articles]
                log("concurrency: warm-up (puts the shared prompt prefix in the server's cache)")
                run_ours("warm-up", subset[:1], metered, meter, max_reasks=reasks)
                for level in levels:
                    log(f"concurrency {level}: {len(subset)} articles, no cache")
                    run = run_ours(
                        f"c{level}", subset, metered, meter, max_reasks=reasks, concurrency=level
                    )
                    throughput_rows.append(throughput(run, f"local server, concurrency {level}"))
    if "overhead" in steps:
        log("overhead: fast fake server replaying the eval cassette")
        every = load_fixtures(args.fixtures)
        throughput_rows += run_overhead(
            every, args.cassette, backend.model, levels, args.overhead_rounds
        )
    result["approaches"] = {name: score_run(run, fixtures) for name, run in runs.items()}
    result["server_time"] = {name: run.server for name, run in runs.items() if run.server}
    result["throughput"] = throughput_rows
    text = render_report(result, runs)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    result["runs"] = {name: [asdict(r) for r in run.rows] for name, run in runs.items()}
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str) + "\n")
    log(f"wrote {args.out}")
    return 0


def _cores() -> int:
    return os.cpu_count() or 0


def render_report(result: dict[str, Any], runs: dict[str, Run]) -> str:
    parts = [f"# {result['model']} on {result['machine']}, {result['created']}"]
    if "speeds" in result:
        s = result["speeds"]
        parts.append(
            f"server speeds (plain completions): prompt {s['prompt_tokens_per_s']:.1f} tok/s "
            f"over {s['prompt_sample_tokens']} tokens, generation "
            f"{s['generation_tokens_per_s']:.1f} tok/s over {s['generation_sample_tokens']} tokens"
        )
    if "prefix_reuse" in result:
        p = result["prefix_reuse"]
        parts.append(
            f"prefix reuse: our request for {p['article']} cut at one token took "
            f"{p['cold_seconds']:.1f} s with the shared prefix cold and {p['warm_seconds']:.1f} s "
            f"right after {p['after']}'s request (system prompt and schema already evaluated)"
        )
    ours: list[Row] = runs["summarizer"].rows if "summarizer" in runs else []
    if ours and "floor" in result:
        parts.append(article_table(ours, result["floor"]))
    if result["approaches"]:
        parts.append(approach_table(result["approaches"]))
    if result.get("server_time"):
        parts.append(server_table(result["server_time"], result["approaches"]))
    if result["throughput"]:
        parts.append(throughput_table(result["throughput"]))
    return "\n\n".join(parts)


if __name__ == "__main__":
    raise SystemExit(main())
