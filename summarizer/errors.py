"""One exception hierarchy for the whole library.

Every error says what went wrong and how to fix it; the CLI turns them into one
line on stderr and an exit code (``exit_code``) that scripts can rely on. A fix that is a
setting names it in the ``options`` context (parameter names, e.g. ``("model_file",)``),
never as a command-line flag: the CLI edge adds the flags.
"""

from __future__ import annotations

from typing import Any


class SummarizerError(Exception):
    """Root of every error the library raises on purpose."""

    exit_code = 1
    # the trouble is the run's, not the article's (the local model or its server): every
    # later article would meet it too, so a batch stops instead of recording it per article
    stops_batch = False

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.context = context

    def __str__(self) -> str:  # one line, always
        return " ".join(str(self.args[0]).split())


class InputError(SummarizerError):
    """The article given cannot be read or is not an article."""

    exit_code = 2


class ConfigError(SummarizerError):
    """Options or environment that contradict each other or point nowhere."""

    exit_code = 2


class ModelStoreError(SummarizerError):
    """The local model file cannot be installed, found or verified."""

    exit_code = 3
    stops_batch = True


class ChecksumMismatch(ModelStoreError):
    """An assembled or given file does not have the SHA-256 it should."""


class ServerError(SummarizerError):
    """The local LLM server could not be started or stopped."""

    exit_code = 3
    stops_batch = True


class BackendError(SummarizerError):
    """The LLM backend failed after the transport retry budget.

    Context: ``status`` (HTTP status if any), ``base_url``, ``attempts`` (model answers
    received; HTTP retries below them are logged, not counted), ``usage``.
    """

    exit_code = 4


class ProbeFailed(BackendError):
    """The backend answers but does not return schema-conformant output."""


class ExtractionError(SummarizerError):
    """The model's answer could not be turned into a digest.

    Context: ``attempts``, ``usage``, ``last_output``.
    """

    exit_code = 5
