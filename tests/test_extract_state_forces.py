"""A state's armed forces named by their own name or acronym act for the state (records.md:
"Use the state for state bodies"); sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer.normalize import normalize_party
from tests.helpers_extract import flows_of

DAY = dt.date(2024, 6, 20)


def test_soldiers_of_a_state_army_named_by_its_acronym_go_home_to_the_state() -> None:
    text = (
        "The SPLA-IO rebels on Tuesday freed four soldiers of the South Sudan People's Defence "
        "Forces (SSPDF) they had captured in Upper Nile, handing them to the Red Cross in "
        "Malakal, a rebel spokesman said."
    )
    assert ("SPLA-IO", "South Sudan", "prisoners_of_war", 4) in flows_of(text, DAY)


@pytest.mark.parametrize(
    ("name", "state"),
    [("FARDC", "Democratic Republic of the Congo"), ("Tatmadaw", "Myanmar"),
     ("ENDF", "Ethiopia"), ("Afghan National Army", "Afghanistan"),
     ("Syrian Arab Army", "Syria"), ("SAF", "Sudan")],
)  # fmt: skip
def test_a_state_army_is_the_state_in_scoring_and_records(name: str, state: str) -> None:
    assert normalize_party(name) == state

