"""Turn a selected Backend into one that answers: start or reuse the local server.

``open_lazy_backend`` does it on the first request that needs the model (most articles
the structured extractor reads need none, and a batch of those never loads the model);
``open_backend`` does it at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from summarizer.config import Backend, BackendKind
from summarizer.errors import ServerError
from summarizer.local import modelstore
from summarizer.local.runtime import ServerOptions
from summarizer.local.server import LocalServer, running_server

log = logging.getLogger(__name__)

STOP_WAIT = 30.0  # seconds close() waits for a live server's owner to stop it
ABANDON_WAIT = 2.0  # seconds close() waits for an owner that is still starting


class LazyBackend:
    """A backend whose local server starts on the first :meth:`get`, once, whichever
    thread asks first (the others wait for it), and is stopped by :meth:`close` only if
    it was started.

    A remote backend, or a local server already given by URL, is returned as it is. For
    the embedded model, the first :meth:`get` resolves the model file (assembling it if
    it is not installed yet), reuses a server left up by ``summarizer model serve`` for
    that file, or starts one with *slots* parallel slots and measures its speeds. A
    failure is kept and raised again to every later caller: the start is not retried
    per article.

    What can be checked without loading anything is checked at once, so a typo fails
    before the first article: a given model file must exist and be a GGUF file, a model
    name must be one we know. Installing the default model (a 1.1 GB download the first
    time) waits for the first request, like the start.

    The server is started, and lives, in a thread of its own that waits for
    :meth:`close`: Linux's parent-death signal follows the *thread* that started a
    child, so a server started from a batch's worker thread would be killed when that
    worker ends.
    """

    def __init__(
        self,
        backend: Backend,
        *,
        slots: int = 1,
        options: ServerOptions | None = None,
        progress: modelstore.ProgressFactory | None = None,
        timings: dict[str, float] | None = None,
    ) -> None:
        self.backend = backend
        self.slots = slots
        self.options = options
        self.progress = progress
        self.timings = timings
        self._start_lock = threading.Lock()  # one start, whichever thread asks first
        self._guard = threading.Lock()  # close() against a start in progress
        self._live: Backend | None = None
        self._error: BaseException | None = None
        self._closed = False
        self._server: LocalServer | None = None
        self._owner: threading.Thread | None = None
        self._release = threading.Event()  # set by close(): the owner stops the server
        self._model_path: Path | None = None
        if self.deferred:  # cheap checks now; the install, if any, with the start
            if backend.model_file:
                self._model_path = modelstore.resolve(backend.model_file)
            else:
                modelstore.get_spec(backend.model)

    @property
    def deferred(self) -> bool:
        """True when :meth:`get` has a server to start (or reuse) first."""
        return self.backend.kind is BackendKind.LOCAL and not self.backend.base_url

    @property
    def started(self) -> bool:
        """True once a :meth:`get` has produced a live backend."""
        return self._live is not None

    def get(self) -> Backend:
        """The live backend; the first call starts (or reuses) the local server."""
        if not self.deferred:
            return self.backend
        if self._live is not None:
            return self._live
        with self._start_lock:
            if self._live is None and self._error is None:
                if self._closed:
                    raise ServerError("the local server was not started: the run has ended")
                self._start()
            if self._error is not None:
                raise self._error
            assert self._live is not None
            return self._live

    def _start(self) -> None:
        ready = threading.Event()
        owner = threading.Thread(target=self._own, args=(ready,), name="local-server", daemon=True)
        self._owner = owner
        owner.start()
        ready.wait()

    def _own(self, ready: threading.Event) -> None:
        """The owner thread: start or reuse the server, then keep it until close()."""
        try:
            with self._open() as live:
                self._live = live
                ready.set()
                self._release.wait()
        except BaseException as exc:  # handed to every caller of get()
            self._error = exc
        finally:
            ready.set()

    @contextlib.contextmanager
    def _open(self) -> Iterator[Backend]:
        backend, slots = self.backend, self.slots
        path = self._model_path or modelstore.resolve(None, backend.model, progress=self.progress)
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
        opts = self.options or ServerOptions(slots=slots)
        server = LocalServer(path, options=opts)
        with self._guard:
            if self._closed:
                raise ServerError("the local server was not started: the run has ended")
            self._server = server
        with server:
            if self._closed:  # close() came while the model was loading
                raise ServerError("the local server was stopped while it started")
            log.info("local server up in %.1fs, on the first request", server.load_seconds or 0)
            if self.timings is not None and server.load_seconds is not None:
                self.timings["server_start_seconds"] = server.load_seconds
            yield dataclasses.replace(
                backend,
                base_url=server.base_url,
                speeds=server.speeds,
                parallel=max(slots, opts.slots),
            )

    def close(self) -> None:
        """Stop the server if one was started (at once, if it is still starting)."""
        with self._guard:
            self._closed = True
            server = self._server
        live = self._live is not None
        if server is not None and not live:
            server.stop()  # still loading: end the child now, its start then fails
        self._release.set()  # a live server: its owner stops it (SIGTERM, grace, SIGKILL)
        if self._owner is not None:
            # not live yet (interrupted while the model was being installed or loaded): do
            # not hold up an exit; what the owner started dies with it (parent-death signal)
            self._owner.join(STOP_WAIT if live else ABANDON_WAIT)

    def __enter__(self) -> LazyBackend:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@contextlib.contextmanager
def open_lazy_backend(
    backend: Backend,
    *,
    slots: int = 1,
    options: ServerOptions | None = None,
    progress: modelstore.ProgressFactory | None = None,
    timings: dict[str, float] | None = None,
) -> Iterator[LazyBackend]:
    """A :class:`LazyBackend`: nothing starts until its first ``get()``; a server it
    started is stopped on exit.

    *slots* is how many requests will be in flight at once (``--concurrency``): a server
    started gets that many parallel slots. A server left up by ``summarizer model serve``
    is reused when it serves the same model file, so repeated runs skip the model load;
    its measured speeds come with it. Either way the live backend carries the speeds
    that bound each request's time.
    """
    lazy = LazyBackend(backend, slots=slots, options=options, progress=progress, timings=timings)
    with lazy:
        yield lazy


@contextlib.contextmanager
def open_backend(
    backend: Backend,
    *,
    slots: int = 1,
    options: ServerOptions | None = None,
    progress: modelstore.ProgressFactory | None = None,
    timings: dict[str, float] | None = None,
) -> Iterator[Backend]:
    """Yield a backend with a live base URL at once (see :func:`open_lazy_backend`); a
    server we started is stopped on exit."""
    with open_lazy_backend(
        backend, slots=slots, options=options, progress=progress, timings=timings
    ) as lazy:
        yield lazy.get()
