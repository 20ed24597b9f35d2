"""How good is a merge? Pairwise precision/recall of "same exchange" against gold.

Every pair of gold events is a decision: together or apart. A predicted pair that
gold also puts together is a true positive; together only in the prediction, a false
positive; together only in gold, a false negative. Links (announcement -> completion)
are scored the same way over the event pairs they connect.

Gold (``eval/merge/gold.yaml``)::

    exchanges:
      - {id: ru-ua-2024-12-30, events: [article-a#1, article-b#1]}
    links:
      - {earlier: am-az-announced, later: am-az-2023-12-13}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigError, InputError
from summarizer.merge.model import Dataset


@dataclass(frozen=True)
class GoldMerge:
    exchanges: dict[str, list[str]]  # gold exchange id -> event keys
    links: list[tuple[str, str]]  # (earlier, later) gold exchange ids

    def exchange_of(self) -> dict[str, str]:
        return {e: x for x, events in self.exchanges.items() for e in events}


@dataclass(frozen=True)
class PairScore:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else None

    def to_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class MergeScore:
    pairs: PairScore
    links: PairScore
    false_merges: list[tuple[str, str]] = field(default_factory=list)
    missed_merges: list[tuple[str, str]] = field(default_factory=list)
    unlabelled: list[str] = field(default_factory=list)  # predicted events gold lacks

    def to_dict(self) -> dict[str, Any]:
        return {"pairs": self.pairs.to_dict(), "links": self.links.to_dict(),
                "false_merges": self.false_merges, "missed_merges": self.missed_merges,
                "unlabelled": self.unlabelled}


def load_gold(path: Path) -> GoldMerge:
    try:
        import yaml  # gold files are evaluation data: PyYAML comes with the eval extra
    except ImportError:
        raise ConfigError(
            "scoring a merge against gold needs PyYAML: pip install 'summarizer[eval]'"
        ) from None
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read the merge gold ({exc})", path=str(path)) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("exchanges"), list):
        raise InputError(f"{path}: merge gold needs an 'exchanges' list of "
                         "{{id, events: [article_id#n, ...]}}", path=str(path))
    exchanges: dict[str, list[str]] = {}
    seen: set[str] = set()
    for item in raw["exchanges"]:
        xid, events = str(item["id"]), [str(e) for e in item.get("events", [])]
        if xid in exchanges or seen & set(events):
            raise InputError(f"{path}: exchange {xid} repeats an id or an event", path=str(path))
        exchanges[xid] = events
        seen |= set(events)
    links = [(str(k["earlier"]), str(k["later"])) for k in raw.get("links") or []]
    unknown = {x for link in links for x in link} - set(exchanges)
    if unknown:
        raise InputError(f"{path}: links name unknown exchanges {sorted(unknown)}", path=str(path))
    return GoldMerge(exchanges, links)


def _together(assign: Mapping[str, str], events: Iterable[str]) -> set[tuple[str, str]]:
    keys = sorted(e for e in events if e in assign)
    return {(a, b) for a, b in combinations(keys, 2) if assign[a] == assign[b]}


def _link_pairs(links: Iterable[tuple[str, str]], members: Mapping[str, list[str]],
                universe: set[str]) -> set[tuple[str, str]]:
    return {(a, b) for earlier, later in links for a in members.get(earlier, [])
            for b in members.get(later, []) if a in universe and b in universe}


def score_merge(dataset: Dataset, gold: GoldMerge) -> MergeScore:
    """Pairwise scores of *dataset* against *gold*, over the events gold labels."""
    universe = set(gold.exchange_of())
    predicted = {k: v for k, v in dataset.exchange_of().items() if k in universe}
    for event in universe - set(predicted):  # an event the merge never saw: alone
        predicted[event] = f"<missing {event}>"
    gold_pairs = _together(gold.exchange_of(), universe)
    pred_pairs = _together(predicted, universe)
    members = {x.exchange_id: [e.key for e in x.events] for x in dataset.exchanges}
    pred_links = _link_pairs(((k.earlier, k.later) for k in dataset.links), members, universe)
    gold_links = _link_pairs(gold.links, gold.exchanges, universe)
    return MergeScore(
        pairs=PairScore(len(gold_pairs & pred_pairs), len(pred_pairs - gold_pairs),
                        len(gold_pairs - pred_pairs)),
        links=PairScore(len(gold_links & pred_links), len(pred_links - gold_links),
                        len(gold_links - pred_links)),
        false_merges=sorted(pred_pairs - gold_pairs),
        missed_merges=sorted(gold_pairs - pred_pairs),
        unlabelled=sorted(set(dataset.exchange_of()) - universe),
    )
