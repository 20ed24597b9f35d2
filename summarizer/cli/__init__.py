"""The command line, one module per command group; each command parses options, calls one
library function and renders. ``main`` is the console entry point."""

from __future__ import annotations

import logging
import sys

import click

from summarizer.cli.eval import eval_cmd
from summarizer.cli.merge import merge_cmd
from summarizer.cli.model import model
from summarizer.cli.summarize import probe_cmd, schema_cmd, summarize_cmd


@click.group()
@click.option("-v", "--verbose", count=True, help="More log output on stderr.")
@click.version_option(package_name="summarizer")
def main(verbose: int) -> None:
    """Grounded, attributed, neutral digests of articles about exchanges of
    prisoners of war, hostages, detainees and the remains of the war dead."""
    level = logging.WARNING - 10 * min(verbose, 2)
    if not verbose:  # instructor logs every exhausted re-ask as ERROR; ours are in warnings
        logging.getLogger("instructor").setLevel(logging.CRITICAL)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


for command in (probe_cmd, schema_cmd, summarize_cmd, eval_cmd, model, merge_cmd):
    main.add_command(command)


if __name__ == "__main__":  # pragma: no cover
    main()
