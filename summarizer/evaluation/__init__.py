"""Evaluation wing: run the summarizer over gold fixtures (``run``), score digests against
them (``scoring``, ``sources``), load and check the fixtures (``fixtures``) and render the
HTML report (``report_html``). Nothing in the core imports this package.

Its dependencies (scipy for pairing, PyYAML for gold files) are the ``eval`` extra."""

from __future__ import annotations

from summarizer.errors import ConfigError

try:
    import scipy  # noqa: F401
    import yaml  # noqa: F401
except ImportError as exc:
    raise ConfigError(
        f"evaluation needs {exc.name or 'scipy and PyYAML'}: pip install 'summarizer[eval]'"
    ) from None
