"""Who said it: do two source names name the same source, and one label for each source.

"Russia's Ministry of Defence" and "Russian Defense Ministry" name one source. The scorer
(:mod:`summarizer.evaluation`) judges attribution with :func:`same_source`; merging gives
every figure one label per source across outlets with :func:`source_labels`, which links
names more carefully (:func:`may_share_label`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from difflib import SequenceMatcher
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

from summarizer.normalize import canonical_party, demonyms
from summarizer.text import NAME_STOP_WORDS, fold

Kind = Literal["person", "body", "unknown"]

# spellings folded to one
_EXPAND = {"defence": "defense", "mod": "defense ministry", "hq": "headquarters"}
_EXPAND |= {"pow": "prisoners war", "pows": "prisoners war", "prisoner": "prisoners"}

# what a name's head word says it names: someone, or an institution
_PERSON_WORDS = frozenset({
    "minister", "president", "premier", "spokesman", "spokeswoman", "spokesperson",
    "ombudsman", "ombudsperson", "commissioner", "envoy", "ambassador", "adviser", "advisor",
    "aide", "head", "chief", "chairman", "chairwoman", "secretary", "director", "governor",
    "mayor", "commander", "negotiator", "official", "king", "emir", "sheikh", "mr", "mrs", "ms",
})  # fmt: skip
_BODY_WORDS = frozenset({
    "ministry", "mod", "headquarters", "hq", "office", "committee", "commission", "council",
    "service", "agency", "department", "government", "administration", "army", "military",
    "forces", "embassy", "mission", "secretariat", "cabinet", "presidency", "parliament",
    "court", "police", "bureau", "directorate", "staff", "kremlin", "command", "cross",
})  # fmt: skip


def _words(name: str) -> list[str]:
    """Lower-case words of a name, accents and possessives folded."""
    return re.findall(r"[a-z0-9]+", re.sub(r"'s\b|'", "", fold(name).lower()))


def _name_tokens(name: str) -> tuple[set[str], set[str]]:
    """(parties, other words) of a source name; word order, possessives, spelling folded.

    "Russia's Ministry of Defence" and "Russian Defense Ministry" both give
    ({Russia}, {defense, ministry}).
    """
    whole = canonical_party(name)
    parties: set[str] = set()
    other: set[str] = set()
    for word in _words(name):
        party = canonical_party(word) if len(word) > 2 else None
        if party:
            parties.add(party)
        elif word not in NAME_STOP_WORDS:
            other.update(_EXPAND.get(word, word).split())
    if whole and other <= set(whole.lower().split()):
        return {whole}, set()  # "ICRC", "the Red Cross", "Ukrainian authorities"
    return parties, other


def _similar(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and SequenceMatcher(None, a, b).ratio() >= 0.8)


_LINK_WORDS = frozenset({"of", "the", "for", "and", "on", "in"})


def _spells(acronym: str, name: str) -> bool:
    """'INA' spells 'Iraqi News Agency', 'AIP' 'Afghan Islamic Press'."""
    if not re.fullmatch(r"[A-Z]{2,6}", acronym.strip()):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w.lower() not in _LINK_WORDS]
    return len(words) >= 2 and "".join(w[0].upper() for w in words) == acronym.strip()


# "a spokeswoman for the Red Cross" speaks for the Red Cross: the organisation is the source
_SPEAKS_FOR = re.compile(r"(?i)^(?:an?\s+|the\s+)?spokes(?:man|woman|person)\s+(?:for|of)\s+")


def same_source(a: str, b: str) -> bool:
    """Fuzzy: same parties (when both name one) and most of the shorter name's words; an
    acronym is the name it spells."""
    if _spells(a, b) or _spells(b, a) or " ".join(a.lower().split()) == " ".join(b.lower().split()):
        return True  # "officials" is "officials", though no word of it names anyone
    a, b = _SPEAKS_FOR.sub("", a), _SPEAKS_FOR.sub("", b)
    parties_a, words_a = _name_tokens(a)
    parties_b, words_b = _name_tokens(b)
    if not words_a or not words_b:
        return not words_a and not words_b and parties_a == parties_b and bool(parties_a)
    if parties_a and parties_b and not parties_a & parties_b:
        return False
    shorter, longer = sorted((words_a, words_b), key=len)
    shared = sum(any(_similar(w, v) for v in longer) for w in shorter)
    return shared / len(shorter) > 0.5


@cache
def _places() -> dict[str, str]:
    """Words and phrases that name a state or group beyond the contract's parties
    (data/gazetteer.json: 'thailand', 'bangkok', 'thai') -> the party they name."""
    data = resources.files("summarizer.data").joinpath("gazetteer.json").read_text("utf-8")
    extra: dict[str, list[str]] = json.loads(data)["extra_parties"]
    table = {" ".join(_words(alias)): party for party, aliases in extra.items()
             for alias in aliases}
    return {k: v for k, v in (table | demonyms()).items() if k}


@lru_cache(maxsize=4096)
def source_parties(name: str) -> frozenset[str]:
    """Every state or group a source name names: 'Thai foreign ministry' -> {Thailand}."""
    parties, _ = _name_tokens(name)
    text = f" {' '.join(_words(name))} "
    return frozenset(parties | {p for phrase, p in _places().items() if f" {phrase} " in text})


@lru_cache(maxsize=4096)
def source_kind(name: str) -> Kind:
    """Does the name name someone or an institution? Its head word says.

    The head is the last title or institution word before the first "of"/"for"
    ("Head of the Presidential Office Andriy Yermak" is a person, "Office of the
    President" a body), else the last one in the name ("Foreign Ministry spokesman X" is
    a person). A bare name ("Zelensky", "Reuters") is unknown.
    """
    words = _words(name)
    cut = next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))
    for part in (words[:cut], words):
        heads = [w for w in part if w in _PERSON_WORDS or w in _BODY_WORDS]
        if heads:
            return "person" if heads[-1] in _PERSON_WORDS else "body"
    return "unknown"


def _named_after_someone(name: str) -> bool:
    """'Zelensky's office': an institution of someone who is not a state or group."""
    owner = re.search(r"([\w-]+)'s\s", fold(name))
    return (owner is not None and source_kind(name) == "body"
            and not source_parties(owner.group(1)))


def _compatible(a: str, b: str) -> bool:
    """Not two different states or groups, never a person with an institution, and never a
    bare name with an institution named after someone ('Zelensky', 'Zelensky's office')."""
    parties_a, parties_b = source_parties(a), source_parties(b)
    if parties_a and parties_b and parties_a != parties_b:
        return False
    kind_a, kind_b = source_kind(a), source_kind(b)
    if kind_a == "unknown" or kind_b == "unknown":
        return not _named_after_someone(b if kind_a == "unknown" else a)
    return kind_a == kind_b


def may_share_label(a: str, b: str) -> bool:
    """Stricter than :func:`same_source`, for one label over many outlets: the same states
    or groups when both name one (from a wider list: 'Thai' names Thailand), never a person
    with an institution, and then :func:`same_source`."""
    return _compatible(a, b) and same_source(a, b)


def _completeness(name: str, uses: int) -> tuple[int, int, int, str]:
    parties, words = _name_tokens(name)
    return -(len(source_parties(name) | parties) + len(words)), -len(name), -uses, name


def source_labels(uses: Mapping[str, int]) -> dict[str, str]:
    """One label per source: each name (with how many articles use it) -> its group's label.

    Names are taken most complete first: the most words (states and groups included),
    then the longest, then the most used, then alphabetical, so the result never depends
    on the order the names came in. The first name of a group is its label: the most
    complete spelling says whose ministry or which headquarters, and a reader knows the
    short forms in it, not the other way round (the most frequent spelling is often the
    shortest, "the ministry"). A name joins a group when it may share a label with the
    group's label (fuzzy matching is not transitive, so never through another member) and
    is compatible with every member (no two states, no person with an institution); a
    name that could join two groups is ambiguous and keeps its own label.
    """
    groups: list[list[str]] = []
    for name in sorted(uses, key=lambda n: _completeness(n, uses[n])):
        fits = [g for g in groups
                if may_share_label(name, g[0]) and all(_compatible(name, m) for m in g[1:])]
        if len(fits) == 1:
            fits[0].append(name)
        else:
            groups.append([name])
    return {name: group[0] for group in groups for name in group}
