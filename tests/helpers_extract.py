"""What the extractor made of a text, as the tuples the extraction tests compare."""

from __future__ import annotations

import datetime as dt

from summarizer.extract.digest import extract

Flow = tuple[str, str, str, int | None]


def flows_of(text: str, published: dt.date | None) -> set[Flow]:
    """(from, to, category, count) of every transfer in every event."""
    found = extract(text, published)
    return {(t.from_, t.to, t.category, t.count) for e in found.events for t in e.transfers}
