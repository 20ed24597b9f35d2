"""Gold fixtures (records.md, "Gold fixtures"): loading them and checking them.

The scorer is only as good as its gold, and gold is typed by hand, so every
fixture is checked against its own article with the same grounding code the
tool is held to: a typo in a count or a paraphrased quote would otherwise
silently punish a correct digest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel

from summarizer.articles import split_header
from summarizer.grounding import date_problem, evidence_found, number_occurs
from summarizer.normalize import canonical_party, normalize_party
from summarizer.schemas import (
    Article,
    Category,
    Event,
    Figure,
    FigureKind,
    Qualifier,
    Status,
    Transfer,
)

# "Movement of Democratic Forces of Casamance", "Jaish al-Adl": capitalised words, with the
# small link words proper names keep in lower case
_ARTICLE_PREFIXED = r"(?:al|el|wal|ul)-[A-Z][\w'’-]*"  # "al-Adl"
_LINK_WORD = rf"(?:of|the|for|and|de|del|la|du|al|el|wal|bin|ibn|{_ARTICLE_PREFIXED})"
_PROPER_NAME = re.compile(
    rf"^[A-Z][\w'’-]*(?: (?:{_LINK_WORD} )*(?:[A-Z][\w'’-]*|{_ARTICLE_PREFIXED}))*$"
)

_TOP_KEYS = {"article", "events", "figures", "summary_must_mention", "notes"}
_ARTICLE_KEYS = {"id", "published", "source"}


def _keys(model: type[BaseModel]) -> set[str]:
    """Gold records use the public schema's field names, plus ``optional``."""
    return {f.alias or name for name, f in model.model_fields.items()} | {"optional"}


_EVENT_KEYS, _TRANSFER_KEYS, _FIGURE_KEYS = _keys(Event), _keys(Transfer), _keys(Figure)


@dataclass(frozen=True)
class Fixture:
    """One hand-labelled article: its input fields, body text and the raw gold mapping."""

    id: str
    text: str
    published: dt.date | None = None
    source: str | None = None
    gold: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    @property
    def events(self) -> list[dict[str, Any]]:
        return list(self.gold.get("events") or [])

    @property
    def figures(self) -> list[dict[str, Any]]:
        return list(self.gold.get("figures") or [])

    @property
    def summary_must_mention(self) -> list[int]:
        return list(self.gold.get("summary_must_mention") or [])

    def article(self) -> Article:
        """The input the tool is given for this fixture (gold metadata, body text)."""
        return Article(id=self.id, text=self.text, published=self.published, source=self.source)


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def load_fixture(yaml_path: str | Path) -> Fixture:
    """A fixture from ``<id>.yaml`` and the article body in the sibling ``<id>.txt``."""
    path = Path(yaml_path)
    gold = yaml.safe_load(path.read_text("utf-8")) or {}
    if not isinstance(gold, dict):
        raise ValueError(f"{path}: a fixture must be a YAML mapping")
    headers, body = split_header(path.with_suffix(".txt").read_text("utf-8"))
    meta = gold.get("article") or {}
    source = meta.get("source")
    return Fixture(
        id=str(meta.get("id") or path.stem),
        text=body,
        published=_as_date(meta.get("published")),
        source=None if source is None else str(source),
        gold=gold,
        headers=headers,
        path=path,
    )


VALIDATION_DIR = "validation"


def load_fixtures(directory: str | Path) -> list[Fixture]:
    """Every ``*.yaml`` fixture in *directory*, sorted by id."""
    fixtures = [load_fixture(p) for p in sorted(Path(directory).glob("*.yaml"))]
    return sorted(fixtures, key=lambda f: f.id)


def load_splits(directory: str | Path) -> dict[str, list[Fixture]]:
    """The tuning set (*directory* itself) and, when present, the validation set in its
    ``validation/`` folder: fixtures that are scored on every run and never tuned on."""
    splits = {"tuning": load_fixtures(directory)}
    validation = Path(directory) / VALIDATION_DIR
    held_out = load_fixtures(validation) if validation.is_dir() else []
    if held_out:  # an empty folder is no split: "validation F1 1.00" over nothing misleads
        splits["validation"] = held_out
    return splits


# --- checking -------------------------------------------------------------------


def _gold_party_problem(name: Any, text: str) -> str | None:
    """Canonical names, or a plain proper name the article uses (Thailand for "Thai")."""
    if not isinstance(name, str) or not name.strip():
        return f"party {name!r} must be a non-empty name"
    canonical = canonical_party(name)
    if canonical == name:
        return None
    if canonical is not None:
        return f"party {name!r} is not canonical: use {canonical!r}"
    if not _PROPER_NAME.match(name):
        return f"party {name!r} is neither canonical nor a plain proper name"
    capitalised = set(re.findall(r"\b[A-Z][\w'-]*", text))
    for word in name.split():
        if not word[:1].isupper():
            continue  # a link word ("of", "al-Adl")
        stem = word[:4]
        if not any(w.startswith(stem) for w in capitalised):
            return f"party {name!r} is neither canonical nor named in the article"
    return None


def _check_keys(where: str, record: Any, allowed: set[str]) -> list[str]:
    if not isinstance(record, dict):
        return [f"{where}: must be a mapping"]
    return [f"{where}: unknown key {key!r}" for key in sorted(set(record) - allowed)]


def _check_enum(where: str, name: str, value: Any, allowed: Any) -> list[str]:
    choices = get_args(allowed)
    return [] if value in choices else [f"{where}: {name} {value!r} is not one of {choices}"]


def _check_evidence(where: str, quote: Any, text: str) -> list[str]:
    if quote is None:
        return []
    if not isinstance(quote, str) or not evidence_found(quote, text):
        return [f"{where}: evidence not verbatim in the article: {quote!r}"]
    return []


def _check_common(where: str, record: dict[str, Any], text: str) -> Iterator[str]:
    """Fields transfers and figures share: qualifier, sources, flags, evidence."""
    yield from _check_enum(where, "qualifier", record.get("qualifier", "exact"), Qualifier)
    sources = record.get("reported_by", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) and s for s in sources):
        yield f"{where}: reported_by must be a list of names"
    for flag in ("unverified", "optional"):
        if not isinstance(record.get(flag, False), bool):
            yield f"{where}: {flag} must be true or false"
    yield from _check_evidence(where, record.get("evidence"), text)


def _check_transfer(where: str, transfer: dict[str, Any], text: str) -> Iterator[str]:
    for side in ("from", "to"):
        if problem := _gold_party_problem(transfer.get(side), text):
            yield f"{where}: {side}: {problem}"
    giver, receiver = transfer.get("from"), transfer.get("to")
    if (
        isinstance(giver, str)
        and isinstance(receiver, str)
        and (normalize_party(giver) == normalize_party(receiver))
    ):
        yield f"{where}: from and to are both {giver!r}"
    yield from _check_enum(where, "category", transfer.get("category"), Category)
    count = transfer.get("count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
        yield f"{where}: count {count!r} must be a whole number or null"
    elif count is not None and not number_occurs(count, text):
        yield f"{where}: count {count} does not occur in the article"
    yield from _check_common(where, transfer, text)


def _check_event(where: str, event: dict[str, Any], fixture: Fixture) -> Iterator[str]:
    text = fixture.text
    yield from _check_enum(where, "status", event.get("status"), Status)
    raw_date = event.get("date")
    date = _as_date(raw_date)
    if raw_date is not None and date is None:
        yield f"{where}: date {raw_date!r} is not an ISO date"
    if problem := date_problem(date, str(event.get("status")), fixture.published):
        yield f"{where}: {problem}"
    transfers = event.get("transfers") or []
    if not isinstance(transfers, list) or not transfers:
        yield f"{where}: an event needs at least one transfer"
        transfers = []
    for j, transfer in enumerate(transfers):
        sub = f"{where}.transfers[{j}]"
        yield from _check_keys(sub, transfer, _TRANSFER_KEYS)
        if isinstance(transfer, dict):
            yield from _check_transfer(sub, transfer, text)
    for mediator in event.get("mediators") or []:
        if problem := _gold_party_problem(mediator, text):
            yield f"{where}: mediator: {problem}"
    for quote in event.get("evidence") or []:
        yield from _check_evidence(where, quote, text)
    if not isinstance(event.get("optional", False), bool):
        yield f"{where}: optional must be true or false"


def _check_figure(where: str, figure: dict[str, Any], text: str) -> Iterator[str]:
    kind = figure.get("kind")
    yield from _check_enum(where, "kind", kind, FigureKind)
    value = figure.get("value")
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        yield f"{where}: value {value!r} must be a whole number"
    elif not number_occurs(value, text, ordinals=kind == "exchange_ordinal"):
        yield f"{where}: value {value} does not occur in the article"
    yield from _check_common(where, figure, text)


def check_fixture(fixture: Fixture) -> list[str]:
    """Everything wrong with a gold fixture, as readable problems (empty when sound)."""
    gold, text = fixture.gold, fixture.text
    problems = _check_keys("fixture", gold, _TOP_KEYS)
    problems += _check_keys("article", gold.get("article") or {}, _ARTICLE_KEYS)
    if not text.strip():
        problems.append("the article text is empty")
    if fixture.path is not None and fixture.id != fixture.path.stem:
        problems.append(f"article id {fixture.id!r} differs from the file name")
    header_date = fixture.headers.get("date")
    if header_date and _as_date(header_date) != fixture.published:  # "unknown" means null
        problems.append(f"published {fixture.published} differs from the header {header_date!r}")
    header_source = fixture.headers.get("source")
    if header_source and header_source != fixture.source:
        problems.append(f"source {fixture.source!r} differs from the header {header_source!r}")
    for i, event in enumerate(fixture.events):
        where = f"events[{i}]"
        problems += _check_keys(where, event, _EVENT_KEYS)
        if isinstance(event, dict):
            problems += _check_event(where, event, fixture)
    for i, figure in enumerate(fixture.figures):
        where = f"figures[{i}]"
        problems += _check_keys(where, figure, _FIGURE_KEYS)
        if isinstance(figure, dict):
            problems += _check_figure(where, figure, text)
    for number in fixture.summary_must_mention:
        if not isinstance(number, int) or not number_occurs(number, text):
            problems.append(f"summary_must_mention: {number!r} does not occur in the article")
    return problems
