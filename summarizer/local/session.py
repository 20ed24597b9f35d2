"""Turn a selected Backend into one that answers: start or reuse the local server."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Iterator
from pathlib import Path

from summarizer.config import Backend, BackendKind
from summarizer.local import modelstore
from summarizer.local.runtime import ServerOptions
from summarizer.local.server import LocalServer, running_server

log = logging.getLogger(__name__)


@contextlib.contextmanager
def open_backend(
    backend: Backend,
    *,
    slots: int = 1,
    options: ServerOptions | None = None,
    progress: modelstore.ProgressFactory | None = None,
    timings: dict[str, float] | None = None,
) -> Iterator[Backend]:
    """Yield a backend with a live base URL; a server we started is stopped on exit.

    *slots* is how many requests will be in flight at once (``--concurrency``): a server
    we start gets that many parallel slots. A server left up by ``summarizer model
    serve`` is reused when it serves the same model file, so repeated runs skip the
    model load; its measured speeds come with it. Either way the yielded backend carries
    the speeds that bound each request's time.
    """
    if backend.kind is not BackendKind.LOCAL or backend.base_url:
        yield backend  # remote, or a local server that is already up
        return
    path = modelstore.resolve(backend.model_file, backend.model, progress=progress)
    running = running_server()
    if running is not None and Path(running.model_path) == path:
        log.info("reusing local server pid %d on port %d", running.pid, running.port)
        if running.slots < slots:
            log.warning(
                "the running server has %d slot(s) for %d parallel requests: they will queue",
                running.slots,
                slots,
            )
        yield dataclasses.replace(
            backend,
            base_url=running.base_url,
            speeds=running.measured(),
            parallel=max(slots, running.slots),
        )
        return
    opts = options or ServerOptions(slots=slots)
    with LocalServer(path, options=opts) as server:
        if timings is not None and server.load_seconds is not None:
            timings["server_start_seconds"] = server.load_seconds
        yield dataclasses.replace(
            backend, base_url=server.base_url, speeds=server.speeds, parallel=max(slots, opts.slots)
        )
