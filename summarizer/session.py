"""Turn a selected Backend into one that answers: start or reuse the local server."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from summarizer import modelstore
from summarizer.config import Backend, BackendKind
from summarizer.server import LocalServer, running_server

log = logging.getLogger(__name__)


@contextlib.contextmanager
def open_backend(
    backend: Backend,
    progress: modelstore.ProgressFactory | None = None,
    timings: dict[str, float] | None = None,
) -> Iterator[Backend]:
    """Yield a backend with a live base URL; a server we started is stopped on exit.

    A server left up by ``summarizer model serve`` is reused when it serves the
    same model file, so repeated runs skip the model load.
    """
    if backend.kind is not BackendKind.LOCAL or backend.base_url:
        yield backend  # remote, or a local server that is already up
        return
    path = modelstore.resolve(backend.model_file, backend.model, progress=progress)
    running = running_server()
    if running is not None and Path(running.model_path) == path:
        log.info("reusing local server pid %d on port %d", running.pid, running.port)
        yield backend.with_base_url(running.base_url)
        return
    with LocalServer(path) as server:
        if timings is not None and server.load_seconds is not None:
            timings["server_start_seconds"] = server.load_seconds
        yield backend.with_base_url(server.base_url)
