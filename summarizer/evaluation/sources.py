"""Does a prediction name the gold source? Used by the scorer to judge attribution.

The name matching itself lives in the core (:mod:`summarizer.source_names`), where
merging uses it too; it is re-exported here for the scorer and its tests.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.source_names import same_source

__all__ = ["same_source", "sources_match"]


def sources_match(gold: Sequence[str], predicted: Sequence[str]) -> bool:
    """Any gold source named by the prediction; empty gold (article's own voice) wants empty."""
    if not gold or not predicted:
        return not gold and not predicted
    return any(same_source(g, p) for g in gold for p in predicted)
