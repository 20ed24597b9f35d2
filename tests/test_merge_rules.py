"""Which reports become one exchange, which stay apart, and why (no LLM: gold digests)."""

from __future__ import annotations

from merge_helpers import MERGE_FIXTURES, digest, event, gold_digests, swap, transfer

from summarizer.grounding import number_occurs
from summarizer.merge import build_dataset
from summarizer.merge.scoring import load_gold, score_merge


def groups(dataset) -> set[frozenset[str]]:  # type: ignore[no-untyped-def]
    return {frozenset(e.key for e in x.events) for x in dataset.exchanges}


def test_gold_fixtures_merge_above_the_precision_and_recall_targets() -> None:
    score = score_merge(build_dataset(gold_digests()), load_gold(MERGE_FIXTURES / "gold.yaml"))
    assert score.pairs.precision is not None and score.pairs.precision >= 0.95, score
    assert score.pairs.recall is not None and score.pairs.recall >= 0.9, score
    assert score.unlabelled == []


def _normalised(text: str) -> str:
    return " ".join(text.split())


def test_every_gold_digest_quotes_its_own_rewritten_article_verbatim() -> None:
    for d in gold_digests():
        body = _normalised((MERGE_FIXTURES / "articles" / f"{d.article_id}.txt").read_text())
        quotes = [t.evidence for e in d.events for t in e.transfers]
        quotes += [q for e in d.events for q in e.evidence] + [f.evidence for f in d.figures]
        for quote in quotes:
            assert _normalised(quote) in body, (d.article_id, quote)
        for t in (t for e in d.events for t in e.transfers):
            assert t.count is None or number_occurs(t.count, t.evidence), (d.article_id, t)
        for f in d.figures:
            assert number_occurs(f.value, f.evidence, ordinals=True), (d.article_id, f)
        for e in d.events:
            assert e.date is None or d.published is None or e.date <= d.published


def test_same_day_exchanges_between_different_sides_stay_apart() -> None:
    a = digest("a", "2023-11-24", [
        event([transfer("Hamas", "Israel", 13, "hostages")], "2023-11-24"),
        event([transfer("Hamas", "Thailand", 12, "hostages")], "2023-11-24"),
    ])
    b = digest("b", "2023-11-24", [event([transfer("Hamas", "Thailand", 10, "hostages")],
                                         "2023-11-24")])
    dataset = build_dataset([a, b])
    assert groups(dataset) == {frozenset({"a#1"}), frozenset({"a#2", "b#1"})}


def test_consecutive_days_between_the_same_sides_are_separate_occasions() -> None:
    dataset = build_dataset([swap("a", "2025-05-24", "2025-05-23", "Russia", "Ukraine", 390, 390),
                             swap("b", "2025-05-24", "2025-05-24", "Russia", "Ukraine", 307, 307)])
    assert len(dataset.exchanges) == 2
    (decision,) = dataset.decisions
    assert not decision.merged and "dates cannot overlap" in decision.reasons[0]


def test_sides_are_an_unordered_pair_so_mirrored_reports_merge() -> None:
    dataset = build_dataset([swap("a", "2024-09-14", "2024-09-14", "Russia", "Ukraine", 103, 103),
                             swap("b", "2024-09-15", "2024-09-14", "Ukraine", "Russia", 103, 103)])
    assert groups(dataset) == {frozenset({"a#1", "b#1"})}


def test_an_announcement_is_linked_to_its_completion_never_merged() -> None:
    announced = swap("ann", "2023-12-07", None, "Azerbaijan", "Armenia", 32, 2,
                     status="announced")
    done = swap("done", "2023-12-13", "2023-12-13", "Azerbaijan", "Armenia", 32, 2)
    dataset = build_dataset([announced, done])
    assert len(dataset.exchanges) == 2
    (link,) = dataset.links
    by_id = {x.exchange_id: x for x in dataset.exchanges}
    assert (by_id[link.earlier].status, by_id[link.later].status) == ("announced", "completed")
    assert link.kind == "announced_then_completed" and "6 days later" in link.reason


def test_an_announcement_for_a_stated_day_is_not_linked_to_the_next_day() -> None:
    announced = digest("ann", "2023-11-24", [event(
        [transfer("Israel", "Hamas", 39, "detainees")], "2023-11-24", status="announced")])
    next_day = swap("next", "2023-11-25", "2023-11-25", "Hamas", "Israel", 13, 39)
    assert build_dataset([announced, next_day]).links == []


def test_disagreeing_sources_are_both_kept_with_who_said_what() -> None:
    a = digest("a", "2024-12-30", [event([
        transfer("Russia", "Ukraine", 150, by=("Russian Defence Ministry",)),
        transfer("Russia", "Ukraine", 189, "mixed", by=("Volodymyr Zelenskyy",)),
    ], "2024-12-30")])
    b = digest("b", "2024-12-31", [event([
        transfer("Russia", "Ukraine", 189, by=("Volodymyr Zelenskyy",))], "2024-12-30")])
    (exchange,) = build_dataset([a, b]).exchanges
    (flow,) = exchange.flows  # the mixed figure sits beside the POW figures of its direction
    assert flow.counts == [150, 189]
    assert [(f.said_by, f.count, f.article_id) for f in flow.figures] == [
        ("Russian Defence Ministry", 150, "a"), ("Volodymyr Zelenskyy", 189, "a"),
        ("Volodymyr Zelenskyy", 189, "b")]
    assert flow.disagreement_note() == (
        "Russian Defence Ministry says 150; Volodymyr Zelenskyy (one number for several "
        "categories) and Volodymyr Zelenskyy say 189")


def test_a_month_only_mention_merges_only_when_a_figure_agrees() -> None:
    exact = swap("exact", "2024-08-24", "2024-08-24", "Russia", "Ukraine", 115, 115)
    agrees = swap("agrees", "2024-09-14", None, "Russia", "Ukraine", 115, 115,
                  date_text="In August")
    differs = swap("differs", "2024-09-14", None, "Russia", "Ukraine", 90, 90,
                   date_text="in August")
    dataset = build_dataset([exact, agrees, differs])
    assert frozenset({"exact#1", "agrees#1"}) in groups(dataset)
    why = {(d.a, d.b): d for d in dataset.decisions}[("differs#1", "exact#1")]
    assert not why.merged and "no figure agrees" in why.reasons[-1]


def test_a_vague_report_cannot_chain_two_different_days_into_one_exchange() -> None:
    day1 = swap("day1", "2024-08-10", "2024-08-10", "Russia", "Ukraine", 115, 115)
    day2 = swap("day2", "2024-08-24", "2024-08-24", "Russia", "Ukraine", 115, 115)
    vague = swap("vague", "2024-09-01", None, "Russia", "Ukraine", 115, 115,
                 date_text="in August")
    dataset = build_dataset([day1, day2, vague])
    assert not any({"day1#1", "day2#1"} <= g for g in groups(dataset))
    assert any("would put" in r for d in dataset.decisions for r in d.reasons)


def test_remains_never_merge_with_living_prisoners_on_the_same_day() -> None:
    bodies = digest("bodies", "2025-06-11", [event(
        [transfer("Russia", "Ukraine", 1212, "remains")], "2025-06-11")])
    pows = swap("pows", "2025-06-11", "2025-06-11", "Russia", "Ukraine", 30, 30)
    dataset = build_dataset([bodies, pows])
    assert len(dataset.exchanges) == 2
    assert "categories differ" in dataset.decisions[0].reasons[0]


def test_an_undated_completed_report_stays_apart_and_says_why() -> None:
    dated = swap("dated", "2024-09-14", "2024-09-14", "Russia", "Ukraine", 103, 103)
    undated = swap("undated", "2024-09-20", None, "Russia", "Ukraine", 103, 103)
    dataset = build_dataset([dated, undated])
    assert len(dataset.exchanges) == 2
    assert "date unknown in undated#1" in dataset.decisions[0].line()


def test_every_candidate_pair_of_the_fixtures_has_a_decision_with_reasons() -> None:
    dataset = build_dataset(gold_digests())
    assert dataset.decisions
    assert all(d.reasons and all(r.strip() for r in d.reasons) for d in dataset.decisions)
    merged_pairs = {(d.a, d.b) for d in dataset.decisions if d.merged}
    exchange_of = dataset.exchange_of()
    assert all(exchange_of[a] == exchange_of[b] for a, b in merged_pairs)
