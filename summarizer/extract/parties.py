"""The article's closed set of sides, from data: aliases, demonyms, usual pairs of sides.

Why in code: the small model put hosts, outlets and "two countries" on the sides of a
flow and swapped directions; a sentence's sides are a lookup, not a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from summarizer.normalize import canonical_party, demonyms, gazetteer, party_table


@dataclass(frozen=True)
class PartyMention:
    start: int
    end: int
    party: str
    demonym: bool  # "Ukrainian" (whose people) rather than "Ukraine" (the side acting)


@cache
def _tables() -> dict[str, Any]:
    # a new dict: normalize's cached gazetteer stays as read
    return {**gazetteer(), "parties": party_table()}


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, bool]]]:
    """One alternation over every alias and demonym, longest first."""
    tables = _tables()
    phrases: dict[str, tuple[str, bool]] = {}
    for party, entry in tables["parties"].items():
        for alias in [party.lower(), *entry["aliases"]]:
            if alias not in ("us", "u.s.", "russian", "ukrainian", "israeli", "turkish",
                             "belarusian", "egyptian", "qatari", "saudi", "houthi"):  # fmt: skip
                phrases.setdefault(alias, (party, False))
    for party, aliases in tables["extra_parties"].items():
        for alias in [party.lower(), *aliases]:
            phrases.setdefault(alias, (party, False))
    for word, party in demonyms().items():
        phrases[word] = (party, True)
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w])", re.IGNORECASE), phrases


@cache
def all_parties() -> frozenset[str]:
    """Every side the tables list, by its canonical name."""
    return frozenset(party for party, _ in _pattern()[1].values())


# after a demonym, a word that makes it the state acting rather than whose people they are
_ACTING_BODY = re.compile(
    r"\s+(?:side|authorities|government|army|military|ministry|leadership)\b", re.IGNORECASE
)
_US = re.compile(r"(?<![\w.])(?:US|U\.S\.)(?![\w])")

@dataclass(frozen=True)
class _ArticleGroups:
    """Armed groups the gazetteer does not know, named in the article being read, with the
    sets that include them, worked out once per article."""

    pattern: re.Pattern[str]
    names: Mapping[str, str]  # alias in lower case -> name
    armed: frozenset[str]
    irregular: frozenset[str]
    own: frozenset[str]  # the armed groups the article names and no table lists
    takers: frozenset[str]  # hostage takers, listed and the article's own


_ARTICLE_GROUPS: ContextVar[_ArticleGroups | None] = ContextVar("article_groups", default=None)


@contextmanager
def groups_of_article(
    names: Mapping[str, str],
    others: Mapping[str, str] | None = None,
    takers: Iterable[str] = (),
) -> Iterator[None]:
    """Read one article with its own armed groups (*names*: "the Jaish al-Mujahideen
    faction") and other sides no table lists (*others*: "Puntland let go 15 …") as sides:
    a side no table lists would otherwise leave its flows to another side."""
    groups = None
    every = {**(others or {}), **names}
    if every:
        alternation = "|".join(re.escape(a) for a in sorted(every, key=len, reverse=True))
        new = frozenset(names.values())
        groups = _ArticleGroups(
            re.compile(rf"(?<![\w-])(?:{alternation})(?![\w])", re.IGNORECASE),
            MappingProxyType(every),
            _listed_armed_groups() | new,
            _listed_irregular() | new,
            new,
            _listed_hostage_takers() | frozenset(takers),
        )
    token = _ARTICLE_GROUPS.set(groups)
    try:
        yield
    finally:
        _ARTICLE_GROUPS.reset(token)


def party_mentions(text: str) -> list[PartyMention]:
    """Every side named in *text*, by name or by demonym, in order."""
    pattern, phrases = _pattern()
    found = []
    if (groups := _ARTICLE_GROUPS.get()) is not None:
        found = [PartyMention(m.start(), m.end(), groups.names[m.group(0).lower()], False)
                 for m in groups.pattern.finditer(text)]  # fmt: skip
    taken = [(f.start, f.end) for f in found]
    for m in pattern.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue  # "Kataib Hezbollah" is the group, not Hezbollah
        key = m.group(0).lower()
        if key not in phrases:
            key = key.rstrip("'’s")
        party, demonym = phrases.get(key, (None, False))
        if demonym and _ACTING_BODY.match(text, m.end()):
            demonym = False  # "the Russian side", "the Georgian authorities": the state acting
        if party is not None:
            found.append(PartyMention(m.start(), m.end(), party, demonym))
    for m in _US.finditer(text):
        found.append(PartyMention(m.start(), m.end(), "United States", False))
    return sorted(found, key=lambda p: p.start)


def demonym_party(word: str) -> str | None:
    """'Ukrainian' -> Ukraine; None when the word is no demonym."""
    return demonyms().get(word.lower())


def speaker_side(source: str) -> str | None:
    """The side a named source speaks for: a party in its name, or a known official."""
    party = canonical_party(source)
    if party is not None:
        return party
    mentions = [m.party for m in party_mentions(source)]
    if mentions:
        return mentions[0]
    speakers: dict[str, str] = _tables()["speakers"]
    for word in re.findall(r"[a-z]+", source.lower()):
        if word in speakers:
            return speakers[word]
    return None


@cache
def _listed_armed_groups() -> frozenset[str]:
    return frozenset(_tables()["armed_groups"])


@cache
def _listed_irregular() -> frozenset[str]:
    return _listed_armed_groups() - frozenset(_tables()["armies"])


def armed_groups() -> frozenset[str]:
    """Non-state armed groups: they hold hostages and prisoners, never a state's people.
    The gazetteer's, and those the article being read names (`groups_of_article`)."""
    groups = _ARTICLE_GROUPS.get()
    return _listed_armed_groups() if groups is None else groups.armed


def held_as_detainees() -> frozenset[str]:
    """Armed groups whose members a state holds as detainees, not prisoners of war:
    every armed group but those fielding an army in a civil war (gazetteer "armies")."""
    groups = _ARTICLE_GROUPS.get()
    return _listed_irregular() if groups is None else groups.irregular


def hostage_takers() -> frozenset[str]:
    """Groups whose captives the contract calls hostages (and whose people, held by the
    other side, detainees): the gazetteer's, and those of the article being read."""
    groups = _ARTICLE_GROUPS.get()
    return _listed_hostage_takers() if groups is None else groups.takers


def article_groups() -> frozenset[str]:
    """The armed groups the article being read names and no table lists."""
    groups = _ARTICLE_GROUPS.get()
    return frozenset() if groups is None else groups.own


@cache
def _listed_hostage_takers() -> frozenset[str]:
    return frozenset(_tables()["hostage_takers"])


@cache
def demonym_nouns() -> tuple[str, ...]:
    """Plural demonyms that name people ("390 Ukrainians", "five Iranians")."""
    return tuple(
        sorted(
            (w for words in _tables()["demonyms"].values() for w in words if w.endswith("s")),
            key=len,
            reverse=True,
        )
    )


@cache
def go_betweens() -> frozenset[str]:
    """Parties that only ever facilitate (the ICRC, the Vatican): never a side."""
    return frozenset(_tables()["go_betweens"])


@cache
def usual_mediators() -> frozenset[str]:
    return frozenset(_tables()["usual_mediators"])


@cache
def group_bases() -> Mapping[str, str]:
    """Armed group -> the state it is from (gazetteer.json)."""
    return MappingProxyType(dict(_tables().get("group_bases", {})))


@cache
def dyads() -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a, b in _tables()["dyads"])


@cache
def _not_at_war() -> frozenset[frozenset[str]]:
    """Usual pairs of sides that swap detainees without fighting (gazetteer.json)."""
    return frozenset(frozenset(pair) for pair in _tables().get("not_at_war", []))


def at_war(a: str, b: str) -> bool:
    """Two sides the tables list as fighting each other (a dyad not marked not at war)."""
    pair = frozenset((a, b))
    return pair not in _not_at_war() and any(pair == frozenset(d) for d in dyads())


_USUAL_WEIGHT = 3  # a usual opponent's mentions, against another side's (tuning 270, 73)


@dataclass(frozen=True)
class ArticleSides:
    """Who the article's sides are, most named first, and who only mediates."""

    counts: dict[str, int]
    mediators: frozenset[str]

    @property
    def sides(self) -> list[str]:
        return [p for p, _ in Counter(self.counts).most_common() if p not in self.mediators]

    def counterpart(self, party: str) -> str | None:
        """The other side of an exchange in which *party* took part.

        An armed group's home state, when the article names it, is the group's other
        side; then a usual pair of sides (Russia–Ukraine, Israel–Hamas…) whose other
        member the article names wins, unless another side is named over three times as
        often; otherwise the most named other side.
        """
        pairs = [
            (b if a == party else a)
            for a, b in dyads()
            if party in (a, b) and (b if a == party else a) in self.counts
        ]
        if group_bases().get(party) in pairs:
            # people an armed group frees, nationality unstated, are its home state's:
            # "the Houthis let 290 detainees go" in a war fought also by Saudi Arabia
            return group_bases()[party]
        others = [p for p in self.sides if p != party]
        if pairs:
            # a usual opponent counts thrice, so one named in passing does not outrank the
            # side the article is about ("Israel freed 51 Lebanese prisoners", Hamas once)
            return max(
                dict.fromkeys(pairs + others),
                key=lambda p: self.counts.get(p, 0) * (_USUAL_WEIGHT if p in pairs else 1),
            )
        if others:
            return others[0]
        # the article names one side only ("Ukraine took back 140 bodies"): the usual
        # opponent, first pair listed first (gazetteer.json)
        # (a usual pair that does not fight, "Belarus" and "Poland", invents no other side:
        # "Belarus freed 52 political prisoners" went to no one the article names)
        usual = [
            b if a == party else a
            for a, b in dyads()
            if party in (a, b) and frozenset((a, b)) not in _not_at_war()
        ]
        if group_bases().get(party) in usual:
            return group_bases()[party]  # the Houthis' usual other side is Yemen's government
        return usual[0] if usual else None


_MEDIATION = re.compile(
    r"\b(mediat\w*|broker\w*|facilitat\w*|intermediar\w*|thank\w*|help of|assistance|"
    r"with the participation|escorted|hosted|host|guarantor\w*|sponsor\w*|"
    r"peace process (?:led|backed|run) by)\b",
    re.IGNORECASE,
)


_AS_A_PLACE = re.compile(r"\b(?:in|at|near)\s+(?:the\s+)?$", re.IGNORECASE)  # "in Muscat"
# the agent of a mediation verb, any state: "brokered by Iran and Oman", "with the mediation of"
_MEDIATED_BY = re.compile(
    r"\b(?:(?:mediated|brokered|facilitated) by|(?:with|through) the (?:mediation|good offices) "
    r"of)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:and|,)\s+(?:the\s+)?)?$",
)


_ALIGNED_WITH = re.compile(r"(?i)\bpro-$")
_BACKED_BY = re.compile(r"(?i)-(?:backed|led|allied|aligned|sponsored|supported|installed)\b")
_GENERIC_OPPONENTS = {"Syria": "Syrian Opposition"}
_OPPOSITION_WORDS = re.compile(
    r"\b(?:the\s+)?(?:armed\s+)?(?:opposition(?:\s+(?:groups|factions|fighters|forces))?|"
    r"rebels|rebel groups|rebel factions|insurgents)\b",
    re.IGNORECASE,
)


def article_sides(text: str) -> ArticleSides:
    """Count each party's mentions; a usual mediator named near a mediation word, or a
    go-between, is a mediator unless it is also the home side of captives (a demonym)."""
    counts: Counter[str] = Counter()
    mediators: set[str] = set()
    demonymed: set[str] = set()
    acting: set[str] = set()  # named at least once other than as a place ("in Muscat")
    hinted: set[str] = set()  # named once beside a mediation word
    aligned: Counter[str] = Counter()
    for m in party_mentions(text):
        if _ALIGNED_WITH.search(text[max(0, m.start - 4) : m.start]) or _BACKED_BY.match(
            text, m.end
        ):
            aligned[m.party] += 1  # "pro-Russia rebels", "Russian-backed separatists"
            continue
        counts[m.party] += 1
        if not _AS_A_PLACE.search(text[max(0, m.start - 12) : m.start]):
            acting.add(m.party)
        if m.demonym:
            demonymed.add(m.party)
        window = text[max(0, m.start - 60) : m.end + 60]
        if m.party in go_betweens() or (m.party in usual_mediators() and _MEDIATION.search(window)):
            mediators.add(m.party)
        elif _MEDIATED_BY.search(text[max(0, m.start - 60) : m.start]):
            mediators.add(m.party)  # "through mediation facilitated by Iran and Oman"
        if _MEDIATION.search(text[max(0, m.start - 40) : m.end + 40]):
            hinted.add(m.party)
    # "the Assad regime and opposition groups released detainees": a state whose armed
    # opponents the article names only generically is at war with its usual opposition
    for state, group in _GENERIC_OPPONENTS.items():
        generic = len(_OPPOSITION_WORDS.findall(text)) if state in counts else 0
        if generic and not any(group_bases().get(p) == state for p in counts):
            counts[group] += generic
    if len(counts) < 2:
        counts.update(aligned)  # "the Russian-backed Donetsk administration": the only other
    # "under a deal agreed in Muscat": a usual mediator named only as a place hosts
    mediators |= {p for p in counts if p in usual_mediators() and p not in acting}
    counted_sides = {p for p in counts if p not in mediators}
    present = [d for d in dyads() if all(p in counts for p in d)]
    for dyad in present:  # a usual side present with its usual opponent is a side
        mediators -= set(dyad) - go_betweens()
    if len(present) == 1:
        # "a joint statement of the two sides and of Cuba and Norway, the guarantor nations":
        # a third state named beside a mediation word is a go-between
        mediators |= {p for p in hinted if p not in present[0]}
    if len(counted_sides) < 2:
        mediators -= demonymed - go_betweens()
    # an armed group the article itself names fights; it does not mediate ("through the
    # mediation of Russian officials, Sadirov let five go")
    mediators -= article_groups()
    return ArticleSides(dict(counts), frozenset(mediators))
