"""Runtime comparison: llama-cpp-python (compiled here) against xllamacpp (prebuilt), n-gram
speculation on and off, and throughput at 1, 2 and 4 parallel slots, in one run.

    .venv/bin/python -m bench.runtimes --lcp-python /work/venv-lcp/bin/python

Every server is started before the first timed request and left idle while another one
works, and the requests go round-robin (article 1 to A, B, C, then article 2 to B, C,
A…), so a neighbour's load on this shared machine hits every runtime alike. Each
server's shared prompt prefix is warmed with one article first. Speeds come from each
server's own timing lines in its log (prompt tokens evaluated, tokens generated).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.floor import measure_speeds
from bench.serverlog import ServerLog
from summarizer.api import open_summarizer
from summarizer.config import Backend, Mode, select_backend
from summarizer.evaluation.fixtures import Fixture, load_fixtures
from summarizer.local import modelstore
from summarizer.local.runtime import ServerOptions, runtime_info
from summarizer.local.server import LocalServer
from summarizer.pipeline import run_batch
from summarizer.schemas import ArticleFailure, Result

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Config:
    name: str
    mode: Mode
    options: ServerOptions
    lcp: bool = False  # llama-cpp-python instead of the embedded xllamacpp server


@dataclass
class Sample:
    config: str
    article: str
    seconds: float
    prompt_tokens: int
    completion_tokens: int
    server: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def lcp_command(python: str, model: Path, port: int, threads: int) -> list[str]:
    """Today's runtime with the options it ran with before (summarizer 0.1's server_command),
    through bench/lcp_server.py: AMX off, which crashes this VM (docs/decisions.md)."""
    return [
        python,
        str(ROOT / "bench" / "lcp_server.py"),
        "--model",
        str(model),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "8192",
        "--n_threads",
        str(threads),
        "--n_threads_batch",
        str(threads),
    ]


@contextmanager
def started(config: Config, model: Path, lcp_python: str | None) -> Iterator[LocalServer]:
    command = None
    if config.lcp:
        if not lcp_python:
            sys.exit("bench: --lcp-python is needed for the llama-cpp-python runtime")
        from summarizer.local.server import free_port

        port = free_port()
        command = lcp_command(lcp_python, model, port, config.options.thread_count)
        server = LocalServer(model, port=port, options=config.options, command=command)
    else:
        server = LocalServer(model, options=config.options)
    with server:
        yield server


def backend_for(server: LocalServer, config: Config, base: Backend) -> Backend:
    return Backend(
        base.kind,
        base.model,
        server.base_url,
        config.mode,
        timeout=None,
        max_tokens=base.max_tokens,
        speeds=server.speeds,
        parallel=config.options.slots,
    )


def one(backend: Backend, log: ServerLog, config: str, fixture: Fixture) -> Sample:
    mark = log.mark()
    results: list[Result] = []
    started_at = time.monotonic()
    # the one-call extractor: a runtime is measured on work that keeps the model busy (the
    # structured default asks the model a closed question on few articles)
    with open_summarizer(
        backend, use_cache=False, max_reasks=0, extractor="one-call"
    ) as summarizer:
        run_batch([fixture.article()], summarizer, results.append)
    seconds = time.monotonic() - started_at
    time.sleep(0.2)  # the timing lines follow the answer
    result = results[0]
    if isinstance(result, ArticleFailure):
        return Sample(config, fixture.id, seconds, 0, 0, log.since(mark), result.error)
    usage = result.provenance.usage
    return Sample(
        config, fixture.id, seconds, usage.prompt_tokens, usage.completion_tokens, log.since(mark)
    )


def batch(backend: Backend, fixtures: list[Fixture], level: int) -> dict[str, Any]:
    results: list[Result] = []
    started_at = time.monotonic()
    with open_summarizer(
        backend, concurrency=level, use_cache=False, max_reasks=0, extractor="one-call"
    ) as summarizer:
        run_batch([f.article() for f in fixtures], summarizer, results.append, level)
    wall = time.monotonic() - started_at
    failed = [r for r in results if isinstance(r, ArticleFailure)]
    return {
        "slots": level,
        "articles": len(fixtures),
        "wall_seconds": round(wall, 1),
        "articles_per_min": round(60 * len(fixtures) / wall, 2),
        "failed": len(failed),
        "errors": [f.error for f in failed],
    }


def log_line(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def compare(args: argparse.Namespace, model: Path, base: Backend, fixtures: list[Fixture]) -> Any:
    threads = args.threads
    configs = [
        Config("llama-cpp-python, tools", Mode.TOOLS, ServerOptions(threads=threads), lcp=True),
        Config("xllamacpp, json_schema", Mode.JSON_SCHEMA, ServerOptions(threads=threads)),
        Config(
            "xllamacpp, json_schema, ngram speculation",
            Mode.JSON_SCHEMA,
            ServerOptions(threads=threads, speculation="ngram-simple"),
        ),
    ]
    if args.with_xl_tools:
        configs.append(Config("xllamacpp, tools", Mode.TOOLS, ServerOptions(threads=threads)))
    configs = [c for c in configs if c.lcp is False or args.lcp_python]
    samples: list[Sample] = []
    starts: dict[str, Any] = {}
    with ExitStack() as stack:
        live: list[tuple[Config, Backend, ServerLog]] = []
        for config in configs:
            log_line(f"start {config.name}")
            server = stack.enter_context(started(config, model, args.lcp_python))
            starts[config.name] = {
                "load_seconds": round(server.load_seconds or 0, 1),
                "warmup_speeds": server.speeds.__dict__ if server.speeds else None,
            }
            live.append((config, backend_for(server, config, base), ServerLog(server.log_path)))
        plain: dict[str, Any] = {}
        with httpx.Client(timeout=900) as http:
            for config, backend, _ in live:
                log_line(f"plain completion speeds of {config.name}")
                speeds, _tokens = measure_speeds(
                    http, backend.base_url or "", backend.model, [f.text for f in fixtures[1:3]]
                )
                plain[config.name] = speeds.__dict__
        starts["plain_completion_speeds"] = plain
        warm, timed = fixtures[0], fixtures[1:]
        for config, backend, log in live:
            log_line(f"warm {config.name} with {warm.id}")
            one(backend, log, config.name, warm)
        for i, fixture in enumerate(timed * args.rounds):
            order = live[i % len(live) :] + live[: i % len(live)]
            for config, backend, log in order:
                sample = one(backend, log, config.name, fixture)
                log_line(
                    f"{config.name}: {fixture.id} {sample.seconds:.1f}s "
                    f"{sample.completion_tokens} tok {sample.error or ''}"
                )
                samples.append(sample)
    return starts, samples


def slots(args: argparse.Namespace, model: Path, base: Backend, fixtures: list[Fixture]) -> Any:
    levels = [int(x) for x in args.slots.split(",")]
    rows = []
    with ExitStack() as stack:
        live = []
        for level in levels:
            config = Config(
                f"xllamacpp, {level} slot(s)",
                Mode.JSON_SCHEMA,
                ServerOptions(threads=args.threads, slots=level),
            )
            log_line(f"start {config.name}")
            server = stack.enter_context(started(config, model, None))
            live.append((level, backend_for(server, config, base), ServerLog(server.log_path)))
        for level, backend, log in live:
            log_line(f"warm {level} slot(s)")
            one(backend, log, f"{level}", fixtures[0])
        order = live + live[::-1] if args.rounds > 1 else live
        for level, backend, _ in order:
            row = batch(backend, fixtures[1 : 1 + args.batch], level)
            log_line(f"{level} slot(s): {row}")
            rows.append(row)
    return rows


def summarise(samples: list[Sample]) -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    for name in dict.fromkeys(s.config for s in samples):
        mine = [s for s in samples if s.config == name]
        ok = [s for s in mine if not s.error]
        server = [s.server for s in ok if s.server]

        def total(key: str, rows: list[dict[str, Any]] = server) -> float:
            return float(sum(r.get(key, 0) for r in rows))

        table[name] = {
            "requests": len(mine),
            "failed": len(mine) - len(ok),
            "mean_seconds": round(sum(s.seconds for s in ok) / max(1, len(ok)), 1),
            "mean_completion_tokens": round(
                sum(s.completion_tokens for s in ok) / max(1, len(ok)), 0
            ),
            "prompt_tokens_per_s": round(
                total("evaluated_prompt_tokens") / max(1e-9, total("prompt_eval_seconds")), 1
            ),
            "generation_tokens_per_s": round(
                total("generated_tokens") / max(1e-9, total("generation_seconds")), 1
            ),
        }
    return table


def save(path: Path, result: dict[str, Any]) -> None:
    path.write_text(json.dumps(result, indent=1, default=str) + "\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.runtimes", description=__doc__)
    p.add_argument("--fixtures", type=Path, default=ROOT / "eval" / "fixtures")
    p.add_argument(
        "--articles",
        default="000_460d30c99a9042f9,001_908bba22bc0c7e5c,03_dpa-140-bodies-one-sided,"
        "05_censor-563-bodies-breakdown,10_ap-israel-returns-30-palestinian-bodies",
        help="fixture ids; the first one only warms each server's prompt prefix",
    )
    p.add_argument("--lcp-python", help="python of a venv with llama-cpp-python[server]")
    p.add_argument("--with-xl-tools", action="store_true", help="also xllamacpp in tools mode")
    p.add_argument("--steps", default="compare,slots")
    p.add_argument("--slots", default="1,2,4")
    p.add_argument("--batch", type=int, default=4, help="articles per throughput batch")
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--compare-articles", type=int, default=3, help="timed articles per runtime")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "runtimes.json")
    args = p.parse_args(argv)
    by_id = {f.id: f for f in load_fixtures(args.fixtures)}
    fixtures = [by_id[a.strip()] for a in args.articles.split(",") if a.strip()]
    base = select_backend(local=True, env={})
    model = modelstore.resolve(None, base.model)
    steps = set(args.steps.split(","))
    result: dict[str, Any] = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores",
        "model": base.model,
        "xllamacpp": runtime_info(),
        "command": "python -m bench.runtimes " + " ".join(sys.argv[1:] if argv is None else argv),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if "compare" in steps:
        chosen = fixtures[: 1 + args.compare_articles]
        starts, samples = compare(args, model, base, chosen)
        result["starts"] = starts
        result["compare"] = summarise(samples)
        result["samples"] = [s.__dict__ for s in samples]
        save(args.out, result)  # a long slots step must not lose these
    if "slots" in steps:
        result["slots"] = slots(args, model, base, fixtures)
    save(args.out, result)
    print(json.dumps({k: result.get(k) for k in ("starts", "compare", "slots")}, indent=1))
    log_line(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
