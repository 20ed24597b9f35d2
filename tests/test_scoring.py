"""The contract's Scoring section on hand-made gold/prediction pairs with known answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from summarizer.evaluation.fixtures import Fixture, load_fixtures
from summarizer.evaluation.scoring import (
    PRF,
    aggregate,
    score_article,
    score_failure,
    score_figures,
    set_f1,
)
from summarizer.evaluation.sources import same_source, sources_match
from summarizer.schemas import Digest

FIXTURES = Path(__file__).parent.parent / "eval" / "fixtures"

TEXT = (
    "Russia handed over the bodies of 501 soldiers to Ukraine on Friday, the Coordination "
    "Headquarters said. Ukraine handed over 24 bodies to Russia, the Russian Defence Ministry "
    "said. On Thursday, Ukraine and Russia swapped 103 prisoners each, mediated by the UAE."
)


def flow(
    giver: str,
    receiver: str,
    count: int | None,
    category: str = "remains",
    reported_by: tuple[str, ...] = (),
    optional: bool = False,
) -> dict[str, Any]:
    return {
        "from": giver,
        "to": receiver,
        "category": category,
        "count": count,
        "qualifier": "exact",
        "reported_by": list(reported_by),
        "unverified": False,
        "evidence": "",
        "optional": optional,
    }


def event(
    *transfers: dict[str, Any],
    status: str = "completed",
    date: str | None = None,
    mediators: tuple[str, ...] = (),
    location: str | None = None,
    optional: bool = False,
) -> dict[str, Any]:
    return {
        "status": status,
        "date": date,
        "transfers": list(transfers),
        "mediators": list(mediators),
        "location": location,
        "evidence": [],
        "optional": optional,
    }


def figure(kind: str, value: int, optional: bool = False) -> dict[str, Any]:
    return {
        "kind": kind,
        "description": "x",
        "value": value,
        "qualifier": "exact",
        "reported_by": [],
        "unverified": False,
        "evidence": "",
        "optional": optional,
    }


def gold(
    events: list[dict[str, Any]],
    figures: list[dict[str, Any]] | None = None,
    must_mention: list[int] | None = None,
    text: str = TEXT,
) -> Fixture:
    data = {"events": events, "figures": figures or [], "summary_must_mention": must_mention or []}
    return Fixture(id="t", text=text, published=dt.date(2024, 9, 14), gold=data)


def digest(
    events: list[dict[str, Any]],
    figures: list[dict[str, Any]] | None = None,
    headline: str = "Russia and Ukraine exchange remains",
    text: str = "Russia handed over 501 bodies, officials said. Ukraine returned 24.",
    provenance: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "article_id": "t",
        "events": events,
        "figures": figures or [],
        "summary": {"headline": headline, "text": text},
        "provenance": provenance or {},
    }


RU_UA_501 = flow("Russia", "Ukraine", 501)
UA_RU_24 = flow("Ukraine", "Russia", 24)


# --- transfers ----------------------------------------------------------------------------


def test_one_right_transfer_and_one_wrong_count_score_half() -> None:
    score = score_article(
        digest([event(RU_UA_501, flow("Ukraine", "Russia", 25))]),
        gold([event(RU_UA_501, UA_RU_24)]),
    )
    assert (score.transfers.tp, score.transfers.fp, score.transfers.fn) == (1, 1, 1)
    assert score.transfers.precision == score.transfers.recall == 0.5
    assert score.missed_transfers == ["Ukraine -> Russia: 24 remains"]
    assert score.spurious_transfers == ["Ukraine -> Russia: 25 remains"]


def test_missed_optional_gold_transfer_is_not_counted() -> None:
    optional = flow("Ukraine", "Russia", 24, optional=True)
    score = score_article(digest([event(RU_UA_501)]), gold([event(RU_UA_501, optional)]))
    assert score.transfers == PRF(tp=1, fp=0, fn=0)


def test_found_optional_gold_transfer_is_neither_credited_nor_penalised() -> None:
    optional = flow("Ukraine", "Russia", 24, optional=True)
    score = score_article(digest([event(RU_UA_501, UA_RU_24)]), gold([event(RU_UA_501, optional)]))
    assert score.transfers == PRF(tp=1, fp=0, fn=0)


def test_transfers_of_an_optional_event_are_optional() -> None:
    background = event(UA_RU_24, optional=True)
    score = score_article(digest([event(RU_UA_501)]), gold([event(RU_UA_501), background]))
    assert score.transfers == PRF(tp=1)
    assert score.events == PRF(tp=1)


@pytest.mark.parametrize(
    ("gold_category", "predicted"), [("mixed", "prisoners_of_war"), ("prisoners_of_war", "mixed")]
)
def test_mixed_category_matches_either_way(gold_category: str, predicted: str) -> None:
    score = score_article(
        digest([event(flow("Russia", "Ukraine", 103, predicted))]),
        gold([event(flow("Russia", "Ukraine", 103, gold_category))]),
    )
    assert score.transfers == PRF(tp=1)


def test_different_category_does_not_match() -> None:
    score = score_article(
        digest([event(flow("Russia", "Ukraine", 501, "prisoners_of_war"))]),
        gold([event(RU_UA_501)]),
    )
    assert score.transfers == PRF(fp=1, fn=1)


def test_swapped_direction_does_not_match() -> None:
    score = score_article(digest([event(flow("Ukraine", "Russia", 501))]), gold([event(RU_UA_501)]))
    assert score.transfers == PRF(fp=1, fn=1)


def test_party_aliases_are_normalised_before_matching() -> None:
    score = score_article(digest([event(flow("Moscow", "Kyiv", 501))]), gold([event(RU_UA_501)]))
    assert score.transfers == PRF(tp=1)


def test_null_counts_match_only_null_counts() -> None:
    fixture = gold([event(flow("Russia", "United States", None, "detainees"))])
    same = score_article(
        digest([event(flow("Russia", "United States", None, "detainees"))]), fixture
    )
    numbered = score_article(
        digest([event(flow("Russia", "United States", 3, "detainees"))]), fixture
    )
    assert same.transfers == PRF(tp=1)
    assert numbered.transfers == PRF(fp=1, fn=1)


def test_matching_is_one_to_one() -> None:
    score = score_article(digest([event(RU_UA_501, RU_UA_501)]), gold([event(RU_UA_501)]))
    assert score.transfers == PRF(tp=1, fp=1)


def test_a_prediction_fitting_both_goes_to_the_credited_gold_transfer() -> None:
    gold_flows = event(
        flow("Russia", "Ukraine", 103, "mixed", optional=True),
        flow("Russia", "Ukraine", 103, "prisoners_of_war"),
    )
    score = score_article(
        digest([event(flow("Russia", "Ukraine", 103, "prisoners_of_war"))]), gold([gold_flows])
    )
    assert score.transfers == PRF(tp=1)


# --- events -------------------------------------------------------------------------------


def test_events_listed_in_opposite_order_are_paired_by_their_transfers() -> None:
    remains = event(RU_UA_501, UA_RU_24, date="2024-09-13", mediators=("ICRC",))
    swap = event(
        flow("Russia", "Ukraine", 103, "prisoners_of_war"),
        flow("Ukraine", "Russia", 103, "prisoners_of_war"),
        status="completed",
        date="2024-09-12",
        mediators=("United Arab Emirates",),
    )
    predicted = [
        event(
            flow("Russia", "Ukraine", 103, "prisoners_of_war"),
            date="2024-09-12",
            mediators=("UAE",),
        ),
        event(RU_UA_501, UA_RU_24, date="2024-09-13", mediators=("Red Cross",)),
    ]
    score = score_article(digest(predicted), gold([remains, swap]))
    assert score.events == PRF(tp=2)
    assert score.event_fields.as_dict() == {
        "pairs": 2,
        "status": 1.0,
        "date": 1.0,
        "location": 1.0,
        "mediators_f1": 1.0,
    }
    assert score.transfers == PRF(tp=3, fn=1)


def test_events_without_a_shared_matched_transfer_are_not_paired() -> None:
    score = score_article(digest([event(flow("Russia", "Ukraine", 7))]), gold([event(RU_UA_501)]))
    assert score.events == PRF(fp=1, fn=1)
    assert score.event_fields.pairs == 0
    assert score.event_fields.as_dict()["status"] is None


def test_missed_optional_event_is_not_penalised() -> None:
    score = score_article(
        digest([event(RU_UA_501)]),
        gold([event(RU_UA_501), event(flow("Ukraine", "Russia", 24), optional=True)]),
    )
    assert score.events == PRF(tp=1)


def test_found_optional_event_is_neither_credited_nor_penalised() -> None:
    background = event(UA_RU_24, optional=True)
    score = score_article(
        digest([event(RU_UA_501), event(UA_RU_24)]), gold([event(RU_UA_501), background])
    )
    assert score.events == PRF(tp=1)
    assert score.transfers == PRF(tp=1)
    assert score.event_fields.pairs == 1


def test_event_field_accuracy_counts_wrong_status_and_date() -> None:
    fixture = gold([event(RU_UA_501, status="completed", date="2024-09-13", location="Sumy")])
    predicted = event(RU_UA_501, status="announced", date=None, location="  sumy ")
    fields = score_article(digest([predicted]), fixture).event_fields.as_dict()
    assert fields == {"pairs": 1, "status": 0.0, "date": 0.0, "location": 1.0, "mediators_f1": 1.0}


def test_gold_dates_from_yaml_compare_with_iso_strings() -> None:
    fixture = gold([event(RU_UA_501) | {"date": dt.date(2024, 9, 13)}])
    fields = score_article(digest([event(RU_UA_501, date="2024-09-13")]), fixture).event_fields
    assert fields.date == 1


def test_null_location_equals_null_location_only() -> None:
    fixture = gold([event(RU_UA_501)])
    assert score_article(digest([event(RU_UA_501)]), fixture).event_fields.location == 1
    wrong = score_article(digest([event(RU_UA_501, location="Kyiv")]), fixture)
    assert wrong.event_fields.location == 0


def test_mediators_are_scored_as_a_set_f1_after_normalisation() -> None:
    assert set_f1(["United Arab Emirates"], ["UAE"]) == 1.0
    assert set_f1([], []) == 1.0
    assert set_f1(["Turkey", "Qatar"], ["Türkiye"]) == pytest.approx(2 / 3)
    assert set_f1(["Egypt"], []) == 0.0


# --- attribution --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Ukraine's Coordination Headquarters for the Treatment of Prisoners of War",
            "Coordination Headquarters for the Treatment of Prisoners of War",
        ),
        (
            "Coordination Headquarters for the Treatment of POWs",
            "Coordination Headquarters for the Treatment of Prisoners of War",
        ),
        ("Russian Defence Ministry", "Russian Defense Ministry"),
        ("Russian Defence Ministry", "Russia's Ministry of Defence"),
        ("ICRC", "International Committee of the Red Cross"),
        ("Andrii Yermak", "Andriy Yermak"),
        ("Volodymyr Zelensky", "Zelenskyy"),
        ("Thai Prime Minister Srettha Thavisin", "Srettha Thavisin"),
        ("Ukrainian authorities", "Ukraine"),
        ("KNA", "Kenya News Agency"),  # an acronym is the name it spells
        ("officials", "Officials"),  # the same words, though they name nobody in particular
        ("a spokeswoman for the Red Cross", "International Committee of the Red Cross"),
    ],
)
def test_source_names_match_fuzzily(a: str, b: str) -> None:
    assert same_source(a, b)
    assert same_source(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Russian Defence Ministry", "Ukrainian Defence Ministry"),
        ("Vladimir Putin", "Vladimir Medinsky"),
        ("Israeli media", "Israeli military"),
        ("Russia", "Russian Defence Ministry"),
        (
            "Coordination Headquarters for the Treatment of Prisoners of War",
            "Ukrainian Defence Ministry",
        ),
        ("Interfax", "TASS"),
        ("KNA", "Kenya Broadcasting Corporation"),
    ],
)
def test_different_sources_do_not_match(a: str, b: str) -> None:
    assert not same_source(a, b)


def test_empty_gold_source_wants_an_empty_prediction() -> None:
    assert sources_match([], [])
    assert not sources_match([], ["Interfax"])
    assert not sources_match(["Interfax"], [])


def test_attribution_is_the_share_of_matched_transfers_with_the_gold_source() -> None:
    fixture = gold(
        [
            event(
                flow("Russia", "Ukraine", 501, reported_by=("Coordination Headquarters",)),
                flow("Ukraine", "Russia", 24, reported_by=("Russian Defence Ministry",)),
            )
        ]
    )
    predicted = event(
        flow("Russia", "Ukraine", 501, reported_by=("Ukraine's Coordination Headquarters",)),
        flow("Ukraine", "Russia", 24, reported_by=("TASS",)),
        flow("Russia", "Ukraine", 9, reported_by=("Coordination Headquarters",)),
    )
    assert score_article(digest([predicted]), fixture).attribution == 0.5


def test_attribution_is_undefined_without_matched_transfers() -> None:
    score = score_article(digest([]), gold([event(RU_UA_501)]))
    assert score.attribution is None


# --- figures ------------------------------------------------------------------------------


def test_figures_score_on_kind_and_value() -> None:
    gold_figures = [figure("cumulative_total", 6000), figure("casualties", 79)]
    predicted = [figure("cumulative_total", 6000), figure("other", 79), figure("casualties", 7)]
    assert score_figures(gold_figures, predicted) == PRF(tp=1, fp=2, fn=1)


def test_optional_gold_figures_are_ignored_when_missed_or_found() -> None:
    gold_figures = [figure("other", 318), figure("still_held", 240, optional=True)]
    assert score_figures(gold_figures, [figure("other", 318)]) == PRF(tp=1)
    found = [figure("other", 318), figure("still_held", 240)]
    assert score_figures(gold_figures, found) == PRF(tp=1)


# --- summary, grounding, cost --------------------------------------------------------------


def test_summary_number_not_in_the_article_lowers_faithfulness() -> None:
    text = "Russia handed over 501 bodies, officials said. Ukraine returned 42, Moscow said."
    summary = score_article(digest([], text=text), gold([])).summary
    assert summary is not None
    assert summary.faithfulness == 0.5
    assert summary.unsupported_numbers == [42]


def test_summary_without_numbers_is_fully_faithful() -> None:
    summary = score_article(
        digest([], text="Bodies were exchanged. Both sides said so."), gold([])
    ).summary
    assert summary is not None
    assert summary.faithfulness == 1.0
    assert summary.attribution_coverage == 1.0


def test_coverage_is_the_share_of_required_numbers_stated() -> None:
    summary = score_article(digest([]), gold([], must_mention=[501, 24, 103])).summary
    assert summary is not None
    assert summary.coverage == pytest.approx(2 / 3)
    assert summary.missing_mentions == [103]


def test_neutrality_words_in_headline_and_text_are_counted() -> None:
    summary = score_article(
        digest(
            [],
            headline="Historic swap returns fallen defenders",
            text="Russia handed over 501 bodies, officials said. Kyiv claimed 24 more.",
        ),
        gold([]),
    ).summary
    assert summary is not None
    assert summary.neutrality_violations == 3


def test_attribution_coverage_counts_sentences_with_numbers_that_name_a_source() -> None:
    predicted = event(flow("Russia", "Ukraine", 501, reported_by=("Coordination Headquarters",)))
    text = (
        "Russia handed over 501 bodies to Ukraine, per the Coordination Headquarters. "
        "Ukraine returned 24 bodies. The exchange took place on Friday, officials said."
    )
    summary = score_article(digest([predicted], text=text), gold([])).summary
    assert summary is not None
    assert summary.attribution_coverage == 0.5


@pytest.mark.parametrize(
    ("headline", "text", "ok"),
    [
        ("Russia and Ukraine swap bodies", "One sentence said 501.", False),
        ("Russia and Ukraine swap bodies", "First, officials said. Second one.", True),
        (" ".join(["word"] * 16), "First, officials said. Second one.", False),
        ("Short", "A. B. C. D. E. F.", False),
        ("Short", "Many words here. " + "word " * 120, False),
    ],
)
def test_length_bounds(headline: str, text: str, ok: bool) -> None:
    summary = score_article(digest([], headline=headline, text=text), gold([])).summary
    assert summary is not None
    assert summary.length_ok is ok


def test_grounding_rate_is_the_share_of_evidence_found_in_the_article() -> None:
    predicted = event(RU_UA_501 | {"evidence": "Russia handed over the bodies of 501 soldiers"})
    predicted["evidence"] = ["Ukraine handed over 24 bodies to Russia", "Russia gave 900 bodies"]
    score = score_article(
        digest(
            [predicted],
            figures=[
                figure("other", 103) | {"evidence": "Ukraine and Russia swapped 103 prisoners each"}
            ],
        ),
        gold([]),
    )
    assert score.grounding == 0.75


def test_empty_evidence_counts_as_ungrounded() -> None:
    predicted = event(
        RU_UA_501 | {"evidence": "Russia handed over the bodies of 501 soldiers"},
        UA_RU_24 | {"evidence": ""},
    )
    assert score_article(digest([predicted]), gold([])).grounding == 0.5


def test_cost_is_read_from_provenance() -> None:
    provenance = {
        "usage": {"prompt_tokens": 1200, "completion_tokens": 300},
        "attempts": 2,
        "seconds": 4.5,
    }
    cost = score_article(digest([], provenance=provenance), gold([])).cost
    assert cost.as_dict() == {
        "prompt_tokens": 1200,
        "completion_tokens": 300,
        "attempts": 2,
        "seconds": 4.5,
    }


# --- failures and totals -------------------------------------------------------------------


def test_failed_article_counts_all_credited_gold_as_missed() -> None:
    fixture = gold(
        [
            event(RU_UA_501, flow("Ukraine", "Russia", 24, optional=True)),
            event(flow("Russia", "Ukraine", 103), optional=True),
        ],
        figures=[figure("other", 6000), figure("other", 79, optional=True)],
    )
    score = score_failure(fixture, "timeout")
    assert score.failed and score.error == "timeout"
    assert score.transfers == PRF(fn=1)
    assert score.events == PRF(fn=1)
    assert score.figures == PRF(fn=1)
    assert score.summary is None and score.as_dict()["summary"] is None


def test_aggregate_micro_averages_and_sums() -> None:
    provenance = {
        "usage": {"prompt_tokens": 100, "completion_tokens": 10},
        "attempts": 1,
        "seconds": 2.0,
    }
    good = score_article(
        digest([event(RU_UA_501)], provenance=provenance),
        gold([event(RU_UA_501)], must_mention=[501]),
    )
    failed = score_failure(gold([event(RU_UA_501, UA_RU_24)]), "invalid JSON")
    totals = aggregate([good, failed])
    assert totals["articles"] == 2 and totals["failed"] == 1
    assert totals["transfers"]["tp"] == 1 and totals["transfers"]["fn"] == 2
    assert totals["transfers"]["recall"] == pytest.approx(1 / 3)
    assert totals["transfers"]["precision"] == 1.0
    assert totals["summary"]["coverage"] == 1.0
    assert totals["cost"]["total"]["prompt_tokens"] == 100
    assert totals["cost"]["mean"]["seconds"] == 1.0


def test_scores_serialise_to_plain_dicts() -> None:
    score = score_article(digest([event(RU_UA_501)]), gold([event(RU_UA_501)]))
    data = score.as_dict()
    assert data["transfers"]["f1"] == 1.0
    assert data["event_fields"]["pairs"] == 1
    assert data["failed"] is False


# --- against the real schema and the real gold ---------------------------------------------


def test_a_pydantic_digest_scores_through_to_json_dict() -> None:
    model = Digest.model_validate(
        {
            "article_id": "t",
            "events": [
                {
                    "status": "completed",
                    "transfers": [
                        {
                            "from": "Russia",
                            "to": "Ukraine",
                            "category": "remains",
                            "count": 501,
                            "evidence": "Russia handed over the bodies of 501 soldiers to Ukraine",
                        }
                    ],
                }
            ],
            "summary": {"headline": "h", "text": "t"},
            "provenance": {
                "model": "m",
                "backend": "b",
                "prompt_version": "1",
                "schema_version": "1.0",
                "schema_hash": "x",
                "attempts": 1,
            },
        }
    )
    score = score_article(model.to_json_dict(), gold([event(RU_UA_501)]))
    assert score.transfers == PRF(tp=1)
    assert score.grounding == 1.0
    assert score.cost.attempts == 1


def gold_as_digest(fixture: Fixture) -> dict[str, Any]:
    events = [
        {**e, "date": None if e.get("date") is None else str(e["date"])} for e in fixture.events
    ]
    return digest(events, figures=fixture.figures)


@pytest.mark.parametrize("fixture", load_fixtures(FIXTURES), ids=lambda f: f.id)
def test_gold_scored_against_itself_is_perfect(fixture: Fixture) -> None:
    score = score_article(gold_as_digest(fixture), fixture)
    for prf in (score.transfers, score.events, score.figures):
        assert (prf.precision, prf.recall) == (1.0, 1.0)
    rates = score.event_fields.as_dict()
    rates.pop("pairs")
    assert all(rate in (1.0, None) for rate in rates.values())
    assert score.attribution in (1.0, None)
    assert score.grounding == 1.0
