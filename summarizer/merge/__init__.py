"""Many outlets' digests -> one dataset of exchanges, every source's figure side by side.

No LLM here: grouping is rules in code (:mod:`.rules`), each decision with its reason.
"""

from summarizer.merge.api import MergeRun, merge
from summarizer.merge.cluster import build_dataset
from summarizer.merge.model import Dataset, Exchange, Flow, Link, SourceFigure

__all__ = ["Dataset", "Exchange", "Flow", "Link", "MergeRun", "SourceFigure", "build_dataset",
           "merge"]
