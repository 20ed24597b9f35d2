"""One label per source across outlets' spellings; the article's own words are kept beside it.

Names and sentences are made up for these tests.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from itertools import permutations
from pathlib import Path

import pytest
from merge_helpers import digest, event, transfer, write_digests

from summarizer.merge import Dataset, build_dataset, merge
from summarizer.merge.export import write_csv, write_jsonl
from summarizer.merge.timeline import render_timeline
from summarizer.schemas import Digest
from summarizer.source_names import same_source, source_kind, source_labels


def report(article_id: str, *by: str, count: int = 120, source: str | None = None) -> Digest:
    """An article on one handover of 120 prisoners on 8 March 2025, said by *by*."""
    sentence = f"Officials said {count} prisoners were handed over on Saturday."
    return digest(article_id, "2025-03-09", [event(
        [transfer("Russia", "Ukraine", count, by=by, evidence=sentence)], "2025-03-08")],
        source=source)


def labels(dataset: Dataset) -> dict[str, str]:
    """said_by -> source_label over every figure (one label per spelling, or the test fails)."""
    pairs = {(f.said_by, f.source_label) for x in dataset.exchanges for flow in x.flows
             for f in flow.figures}
    found = dict(pairs)
    assert len(found) == len(pairs), pairs
    return found


def test_two_outlets_spellings_of_one_ministry_get_one_label() -> None:
    found = labels(build_dataset([
        report("a", "Russia's Ministry of Defence"),
        report("b", "Russian Defense Ministry"),
        report("c", "the Coordination HQ"),
        report("d", "Ukraine's Coordination Headquarters for the Treatment of Prisoners of War"),
    ]))
    assert found == {
        "Russia's Ministry of Defence": "Russia's Ministry of Defence",
        "Russian Defense Ministry": "Russia's Ministry of Defence",
        "the Coordination HQ":
            "Ukraine's Coordination Headquarters for the Treatment of Prisoners of War",
        "Ukraine's Coordination Headquarters for the Treatment of Prisoners of War":
            "Ukraine's Coordination Headquarters for the Treatment of Prisoners of War",
    }


def test_a_figure_with_two_spellings_of_one_source_names_it_once() -> None:
    found = labels(build_dataset([
        report("a", "Russian Defense Ministry", "Russia's Ministry of Defence")]))
    assert found == {"Russian Defense Ministry; Russia's Ministry of Defence":
                     "Russia's Ministry of Defence"}


def test_ministries_of_different_states_stay_apart() -> None:
    # Thailand is no party of the contract, so the scorer's fuzzy match alone would link these
    assert same_source("Thai Foreign Ministry", "UAE Foreign Ministry")
    found = labels(build_dataset([
        report("a", "Russian Defence Ministry"),
        report("b", "Ukrainian Defence Ministry"),
        report("c", "the Defence Ministry"),
        report("d", "Thai Foreign Ministry"),
        report("e", "UAE Foreign Ministry"),
    ]))
    assert found == {name: name for name in found}  # each its own label
    assert len(found) == 5


def test_an_unnamed_ministry_joins_the_only_ministry_it_can_be() -> None:
    found = labels(build_dataset([report("a", "Ukrainian Defence Ministry"),
                                  report("b", "the Defence Ministry")]))
    assert found["the Defence Ministry"] == "Ukrainian Defence Ministry"


def test_a_person_and_their_ministry_stay_apart() -> None:
    assert source_kind("Defence Minister Ostap Hrytsenko") == "person"
    assert source_kind("Ukraine's Defence Ministry") == "body"
    found = labels(build_dataset([
        report("a", "Defence Minister Ostap Hrytsenko"),
        report("b", "Ukraine's Defence Ministry"),
        report("c", "Hrytsenko"),
        report("d", "Maksym Dovhal"),
        report("e", "Dovhal's office"),
    ]))
    assert found["Hrytsenko"] == "Defence Minister Ostap Hrytsenko"
    assert found["Ukraine's Defence Ministry"] == "Ukraine's Defence Ministry"
    assert found["Maksym Dovhal"] == "Maksym Dovhal"
    assert found["Dovhal's office"] == "Dovhal's office"


def test_the_articles_own_voice_stays_the_outlet() -> None:
    dataset = build_dataset([
        report("a", source="https://www.harbour-ledger.example/2025/03/swap"),
        report("b", "Harbour Ledger", source="https://other.example/b"),
        report("c", "the Harbour Ledger newspaper", source="https://third.example/c"),
    ])
    figures = {f.article_id: f for x in dataset.exchanges for flow in x.flows
               for f in flow.figures}
    own = figures["a"]
    assert own.own_voice and own.said_by == own.source_label == "harbour-ledger.example"
    assert figures["b"].source_label == figures["c"].source_label != own.source_label


def test_label_choice_does_not_depend_on_input_order() -> None:
    names = {"Russian Defence Ministry": 1, "Russian Defense Ministry": 2,
             "Russia's MoD": 1, "Andriy Yermak": 1, "Andrii Yermak": 1}
    expected = {"Russian Defence Ministry": "Russian Defense Ministry",
                "Russian Defense Ministry": "Russian Defense Ministry",
                "Russia's MoD": "Russian Defense Ministry",
                "Andriy Yermak": "Andrii Yermak", "Andrii Yermak": "Andrii Yermak"}
    for order in permutations(names):
        assert source_labels({name: names[name] for name in order}) == expected
    spellings = ["Russian Defence Ministry", "Russian Defense Ministry",
                 "Russian Defense Ministry", "Russia's MoD"]
    seen = set()
    for order in permutations(spellings):  # the same spellings, in articles named otherwise
        found = labels(build_dataset([report(str(i), name) for i, name in enumerate(order)]))
        seen.add(tuple(sorted(found.items())))
    assert seen == {tuple(sorted((n, expected[n]) for n in set(spellings)))}


def test_the_label_goes_beside_the_outlets_words_in_every_output(tmp_path: Path) -> None:
    reports = [report("a", "Russia's Ministry of Defence"),
               report("b", "Russian Defense Ministry", count=125)]
    dataset = build_dataset(reports)
    label = "Russia's Ministry of Defence"
    out = io.StringIO()
    write_csv(dataset, out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert {(row[f"source{i}_said_by"], row[f"source{i}_source_label"]) for i in (1, 2)} == {
        (label, label), ("Russian Defense Ministry", label)}
    out = io.StringIO()
    write_jsonl(dataset, out)
    (flow,) = json.loads(out.getvalue())["flows"]
    assert [f["source_label"] for f in flow["figures"]] == [label, label]
    assert flow["disagreement_note"] == f"{label} says 120; {label} says 125"
    page = render_timeline(dataset)
    assert "(as written: Russian Defense Ministry)" in page
    assert page.count("as written:") == 1  # not for the figure whose words are the label
    db = tmp_path / "x.sqlite"
    merge([str(write_digests(tmp_path / "d.jsonl", reports))], into=db)
    conn = sqlite3.connect(db)
    rows = set(conn.execute("SELECT said_by, source_label FROM source_figures").fetchall())
    conn.close()
    assert rows == {(label, label), ("Russian Defense Ministry", label)}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Head of the Presidential Office Andriy Yermak", "person"),
        ("Office of the President", "body"),
        ("Foreign Ministry spokesman Ivan Petrov", "person"),
        ("Coordination Headquarters for the Treatment of Prisoners of War", "body"),
        ("Andriy Yermak", "unknown"),
    ],
)
def test_a_names_head_word_says_whether_it_is_a_person_or_an_institution(
    name: str, kind: str
) -> None:
    assert source_kind(name) == kind
