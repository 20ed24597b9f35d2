"""From digests to exchanges: group events by the rules, build flows, link the stages.

Grouping is agglomerative and deterministic: candidate pairs (events that share two
sides) merge strongest first, and two groups join only if no pair across them is a
cannot-link (rules.cannot_link), so a vague report can never chain two different
days into one exchange.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from urllib.parse import urlsplit

from summarizer.merge import rules
from summarizer.merge.model import (
    ArticleRef,
    Dataset,
    Decision,
    EventRef,
    Exchange,
    Flow,
    Link,
    LinkKind,
    SourceFigure,
    Window,
)
from summarizer.schemas import Digest
from summarizer.source_names import source_labels

LINK_WINDOW_DAYS = 45  # an announcement is fulfilled within this many days, or not by this one
_STAGE = {"proposed": 0, "announced": 1, "completed": 2}


def digest_sha256(digest: Digest) -> str:
    payload = json.dumps(digest.to_json_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def article_ref(digest: Digest) -> ArticleRef:
    return ArticleRef(
        article_id=digest.article_id,
        source=digest.source,
        published=digest.published,
        headline=digest.summary.headline,
        digest_sha256=digest_sha256(digest),
        digest=digest,
    )


def event_refs(article: ArticleRef) -> list[EventRef]:
    published = article.published
    return [
        EventRef(article, i, event, rules.event_window(event, published))
        for i, event in enumerate(article.digest.events, start=1)
    ]


class _Groups:
    """Union-find over events that refuses a union across a cannot-link pair."""

    def __init__(self, refs: list[EventRef]) -> None:
        self.refs = {r.key: r for r in refs}
        self.members: dict[str, list[str]] = {r.key: [r.key] for r in refs}
        self.root = {r.key: r.key for r in refs}
        self._blockers: dict[tuple[str, str], str | None] = {}

    def blocker(self, a: str, b: str) -> str | None:
        pair = (a, b) if a < b else (b, a)
        if pair not in self._blockers:
            self._blockers[pair] = rules.cannot_link(self.refs[pair[0]], self.refs[pair[1]])
        return self._blockers[pair]

    def join(self, a: str, b: str) -> tuple[str, str, str] | None:
        """Join a's and b's groups; on refusal, the pair that blocks and why."""
        ra, rb = self.root[a], self.root[b]
        if ra == rb:
            return None
        for x in self.members[ra]:
            for y in self.members[rb]:
                why = self.blocker(x, y)
                if why:
                    return x, y, why
        keep, drop = sorted((ra, rb))
        self.members[keep] += self.members.pop(drop)
        for key in self.members[keep]:
            self.root[key] = keep
        return None

    def groups(self) -> list[list[EventRef]]:
        return [[self.refs[k] for k in sorted(keys)] for keys in self.members.values()]


def _candidate_pairs(refs: list[EventRef]) -> list[tuple[EventRef, EventRef]]:
    """Events that share two sides: the only pairs worth a decision."""
    block: dict[frozenset[str], list[EventRef]] = defaultdict(list)
    for ref in refs:
        names = sorted({" ".join(p.casefold().split()) for p in ref.parties})
        for pair in combinations(names, 2):
            block[frozenset(pair)].append(ref)
    seen: set[tuple[str, str]] = set()
    pairs = []
    for members in block.values():
        for a, b in combinations(members, 2):
            key = (a.key, b.key) if a.key < b.key else (b.key, a.key)
            if key not in seen:
                seen.add(key)
                pairs.append((a, b) if a.key < b.key else (b, a))
    return sorted(pairs, key=lambda p: (p[0].key, p[1].key))


def group_events(refs: list[EventRef]) -> tuple[list[list[EventRef]], list[Decision]]:
    groups = _Groups(refs)
    decisions: list[Decision] = []
    merges: list[tuple[float, EventRef, EventRef, Decision]] = []
    for a, b in _candidate_pairs(refs):
        decision = rules.decide(a, b)
        if decision.merged:
            merges.append((rules.strength(a, b), a, b, decision))
        else:
            decisions.append(decision)
    merges.sort(key=lambda m: (-m[0], m[1].key, m[2].key))
    for _, a, b, decision in merges:
        refused = groups.join(a.key, b.key)
        if refused:
            x, y, why = refused
            note = f"would put {x} and {y} in one exchange, but {why}"
            decisions.append(Decision(a.key, b.key, False, (*decision.reasons, note)))
        else:
            decisions.append(decision)
    decisions += _near_misses(refs, {(d.a, d.b) for d in decisions})
    decisions.sort(key=lambda d: (d.a, d.b))
    return groups.groups(), decisions


def _near_misses(refs: list[EventRef], decided: set[tuple[str, str]]) -> list[Decision]:
    """Same dates, one side in common, other sides differ: say so (--explain shows it)."""
    by_party: dict[str, list[EventRef]] = defaultdict(list)
    for ref in refs:
        for party in {" ".join(p.casefold().split()) for p in ref.parties}:
            by_party[party].append(ref)
    found: dict[tuple[str, str], Decision] = {}
    for members in by_party.values():
        for a, b in combinations(sorted(members, key=lambda r: r.key), 2):
            pair = (a.key, b.key)
            if pair in decided or pair in found or a.article.article_id == b.article.article_id:
                continue
            if a.window.overlaps(b.window):
                why = rules.cannot_link(a, b)
                if why and why.startswith("different sides"):
                    found[pair] = Decision(a.key, b.key, False, (why,))
    return list(found.values())


def _window(events: list[EventRef]) -> Window:
    days = [e.window for e in events if e.window.is_day]
    if days:
        return days[0]
    known = [e.window for e in events if e.window.known]
    if not known:
        return Window(None, None, "unknown")
    start = max(w.start for w in known if w.start)
    end = min(w.end for w in known if w.end)
    narrowest = min(known, key=lambda w: (w.end - w.start) if w.start and w.end else dt.timedelta())
    if start > end:  # loose windows that only chain: keep the narrowest stated one
        return narrowest
    return Window(start, end, narrowest.precision)


def label_sources(events: Iterable[EventRef]) -> dict[str, str]:
    """Each source name the transfers give -> its label over all *events*
    (:func:`summarizer.source_names.source_labels`; a spelling's weight is how many articles
    use it). The article's own voice is not a name here: it stays the outlet."""
    articles: dict[str, set[str]] = defaultdict(set)
    for ref in events:
        for t in ref.event.transfers:
            for name in t.reported_by:
                articles[name].add(ref.article.article_id)
    return source_labels({name: len(ids) for name, ids in articles.items()})


def _flows(events: list[EventRef], labels: Mapping[str, str]) -> list[Flow]:
    """One flow per (from, to, category); a ``mixed`` figure joins its direction's only flow."""
    flows: dict[tuple[str, str, str], Flow] = {}
    mixed: list[tuple[str, str, SourceFigure]] = []
    for ref in events:
        outlet = outlet_name(ref.article)
        for t in ref.event.transfers:
            said_by = "; ".join(t.reported_by) if t.reported_by else outlet
            label = "; ".join(dict.fromkeys(labels.get(n, n) for n in t.reported_by))
            figure = SourceFigure(
                said_by=said_by,
                source_label=label or outlet,
                own_voice=not t.reported_by,
                count=t.count,
                qualifier=t.qualifier,
                category=t.category,
                unverified=t.unverified,
                article_id=ref.article.article_id,
                event_key=ref.key,
                evidence=t.evidence,
            )
            if t.category == "mixed":
                mixed.append((t.from_, t.to, figure))
            else:
                key = (t.from_, t.to, t.category)
                flows.setdefault(key, Flow(t.from_, t.to, t.category)).figures.append(figure)
    for from_, to, figure in mixed:
        same_way = [f for (fr, tt, _), f in flows.items() if (fr, tt) == (from_, to)]
        target = same_way[0] if len(same_way) == 1 else None
        if target is None:
            target = flows.setdefault((from_, to, "mixed"), Flow(from_, to, "mixed"))
        target.figures.append(figure)
    for flow in flows.values():
        flow.figures.sort(key=lambda f: (f.event_key, f.said_by))
    return [flows[k] for k in sorted(flows)]


def outlet_name(article: ArticleRef) -> str:
    """Who speaks when an article states a figure in its own voice: the site, else the id."""
    source = (article.source or "").strip()
    if source.startswith(("http://", "https://")):
        host = urlsplit(source).hostname or ""
        return host.removeprefix("www.") or article.article_id
    return source or article.article_id


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def _base_id(window: Window, sides: tuple[str, ...], status: str) -> str:
    """Readable and stable: '2024-12-30-russia-ukraine', '2023-12-07-...-announced'."""
    if window.precision == "month" and window.start:
        when = window.start.strftime("%Y-%m")
    elif window.known and window.end:
        when = window.end.isoformat()  # an announcement window ends on the day it printed
    else:
        when = "undated"
    tail = "" if status == "completed" else f"-{status}"
    return _slug(when) + "-" + "-".join(_slug(s) for s in sides) + tail


def _sort_key(x: Exchange) -> tuple[str, str, str]:
    start = x.window.start.isoformat() if x.window.start else "9999"
    return start, "-".join(x.sides), x.events[0].key


def build_exchanges(
    groups: list[list[EventRef]], prior_ids: Mapping[str, str] | None = None
) -> list[Exchange]:
    """Exchanges with stable ids: a group keeps the id most of its events had before.

    Source labels are chosen over all the groups' events together (:func:`label_sources`).
    """
    prior_ids = prior_ids or {}
    labels = label_sources(e for events in groups for e in events)
    exchanges = []
    for events in groups:
        exchanges.append(Exchange(
            exchange_id="",
            status=events[0].event.status,
            window=_window(events),
            sides=tuple(sorted({p for e in events for p in e.parties})),
            events=events,
            flows=_flows(events, labels),
        ))
    exchanges.sort(key=_sort_key)
    taken = set(prior_ids.values())
    claimed: set[str] = set()
    votes = []
    for i, x in enumerate(exchanges):
        tally: dict[str, int] = defaultdict(int)
        for e in x.events:
            if e.key in prior_ids:
                tally[prior_ids[e.key]] += 1
        votes += [(-n, old, i) for old, n in tally.items()]
    for _, old, i in sorted(votes):
        if not exchanges[i].exchange_id and old not in claimed:
            exchanges[i].exchange_id = old
            claimed.add(old)
    for x in exchanges:
        if not x.exchange_id:
            base, n = _base_id(x.window, x.sides, x.status), 1
            candidate = base
            while candidate in taken:
                n += 1
                candidate = f"{base}-{n}"
            x.exchange_id = candidate
        taken.add(x.exchange_id)
    return exchanges


def _reference_day(x: Exchange) -> dt.date | None:
    """When an earlier stage was known: its day, else the earliest article printing it."""
    if x.window.is_day:
        return x.window.start
    published = [e.article.published for e in x.events if e.article.published]
    return min(published) if published else x.window.start


def _link_reason(earlier: Exchange, later: Exchange, ref: dt.date) -> str:
    assert later.window.start
    gap = (later.window.start - ref).days
    counts_e = {c for f in earlier.flows for c in f.counts}
    counts_l = {c for f in later.flows for c in f.counts}
    agree = sorted(counts_e & counts_l)
    return (f"{earlier.status} ({ref.isoformat()}) then {later.status} "
            f"({later.window.describe()}, {gap} days later), same sides "
            f"{'–'.join(later.sides)}"
            + (f", figures agree ({', '.join(map(str, agree))})" if agree else ""))


def link_stages(exchanges: list[Exchange]) -> list[Link]:
    """Tie each later stage to the earlier one it most likely fulfils (at most one)."""
    links = []
    for later in exchanges:
        if later.status == "proposed" or not later.window.known or not later.window.start:
            continue
        best: tuple[tuple[int, int, dt.date], Exchange, dt.date] | None = None
        for earlier in exchanges:
            if _STAGE[earlier.status] >= _STAGE[later.status]:
                continue
            if not rules.sides_compatible(frozenset(earlier.sides), frozenset(later.sides)):
                continue
            ok, _ = rules.categories_compatible(frozenset(earlier.categories),
                                                frozenset(later.categories))
            ref = _reference_day(earlier)
            if not ok or ref is None:
                continue
            # a stated day is kept or not: consecutive days are often separate handovers
            lo = ref
            hi = ref if earlier.window.is_day else ref + dt.timedelta(days=LINK_WINDOW_DAYS)
            if not (lo <= later.window.start <= hi):
                continue
            agree = len({c for f in earlier.flows for c in f.counts}
                        & {c for f in later.flows for c in f.counts})
            rank = (agree, _STAGE[earlier.status], ref)
            if best is None or rank > best[0]:
                best = (rank, earlier, ref)
        if best is not None:
            _, earlier, ref = best
            kind: LinkKind = f"{earlier.status}_then_{later.status}"  # type: ignore[assignment]
            links.append(Link(earlier.exchange_id, later.exchange_id, kind,
                              _link_reason(earlier, later, ref)))
    return links


def build_dataset(
    digests: Iterable[Digest], prior_ids: Mapping[str, str] | None = None
) -> Dataset:
    """The whole merge, from validated digests (one per article id) to a dataset."""
    articles = sorted((article_ref(d) for d in digests), key=lambda a: a.article_id)
    refs = [r for a in articles for r in event_refs(a)]
    groups, decisions = group_events(refs)
    exchanges = build_exchanges(groups, prior_ids)
    return Dataset(articles, exchanges, link_stages(exchanges), decisions)
