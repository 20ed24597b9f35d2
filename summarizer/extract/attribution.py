"""Who said it: the source phrases of a sentence ("X said", "according to X", "said X").

Why in code: the model filled `reported_by` with whole clauses or with every official in
the article. A source is a name the sentence itself attaches to its statement; a
pronoun ("it said") points back to the last named source.
"""

from __future__ import annotations

import functools
import re

from summarizer.extract.named_groups import CALENDAR_WORDS
from summarizer.extract.parties import party_mentions
from summarizer.text import SPEECH_VERBS

_VERBS = (
    rf"{SPEECH_VERBS}|put the (?:number|figure|toll)|gave the (?:number|figure)|estimated|"
    r"made (?:this|it|that) (?:known|public)"
)
# "X said" / "X told reporters": X is the words right before the verb, back to a boundary
_BEFORE = re.compile(
    rf"(?P<name>[^,;:\"“”()]{{2,120}}?)\s+(?:has\s+|had\s+|have\s+)?(?:[a-z]+ly\s+)?"
    rf"(?:{_VERBS})\b"
    # "four bodies confirmed to be those of hostages": a participle, nobody speaking
    r"(?!\s+(?:to\s+be|to\s+have|as|dead|missing|killed|alive|by)\b)"
)
# ", said X" / "said X on Friday"
_CHAIN = (
    r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of|for|the|and|[A-Z][\w'’.-]*|[a-z]+(?=\s+[A-Z]))){0,10}"
)
_KIND = (
    r"(?:the\s+)?(?:[\w'’-]+\s+)?(?:ombudsman|minister|ministry|officials?|spokes(?:man|woman|person)|"
    r"military|army|agency|headquarters|commissioner|negotiators?|mediators?|president|"
    r"prime minister|authorities)"
)
_AFTER_KIND = re.compile(rf"\b(?:says|said|say)\s+(?P<name>{_KIND})(?=\s*(?:[,.;]|$))", re.I)
_AFTER = re.compile(
    rf"\b(?:{_VERBS})\s+(?P<name>{_CHAIN})(?=\s*(?:[,.;]|$|\s+on\s|\s+in\s+a\s|\s+told\s))"
)
# "Serhiy Sivoha, an adviser to Ukraine's Security Council, told Hromadske TV": a name, its
# title set off by commas, then the verb; the name is the source and the title is not a
# side ("to Ukraine's" there receives nobody). The name opens the sentence or a clause
# ("hostages in Gaza, who …, said X": Gaza is a place, not the speaker).
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|(?:al|el|bin|ibn|de|da|del|dos|du|la|le|van|von|der|di)(?=[-\s]))"
_TITLE_HEAD = (
    r"an?|the|who|then|former|acting|senior|deputy|head|chief|spokes(?:man|woman|person)|"
    r"advis[eo]r|aide|director|commander|leader|minister|ambassador|envoy|representative|"
    r"member|governor|mayor|president|secretary|official|negotiator|coordinator|chairman|"
    r"chair|ombuds(?:man|woman)|commissioner|lawyer|communications|media|"
    r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}['’]s"
)
_NOT_A_SPEAKER_NAME = re.compile(rf"(?i)(?:{CALENDAR_WORDS})$")
_APPOSED = re.compile(
    rf"(?:^|(?<=[,;:\"“(‘] )|(?<=[\"“(‘]))"
    rf"(?P<name>[A-Z][\w'’.-]*(?:[\s-]+{_NAME_WORD}){{0,4}}),\s+"
    rf"(?P<title>(?:{_TITLE_HEAD})\s[^,;:\"“”]{{2,140}}?),"
    rf"\s+(?:has\s+|had\s+)?(?:{_VERBS})\b"
)
_NAMED_AFTER_TITLE = re.compile(
    rf",\s+(?P<name>[A-Z][\w'’.-]*(?:[\s-]+{_NAME_WORD}){{1,4}})(?=\s*(?:[,.;]|$|\s+and\b))"
)
_ACCORDING = re.compile(
    r"\b(?:according to|citing|cited by|quoted by|per)\s+(?P<name>[^,;:\"“”()]{2,120})",
    re.IGNORECASE,
)
_PRONOUN = re.compile(
    r"^(?:it|he|she|they|the (?:ministry|agency|statement|headquarters|office|"
    r"spokesperson|spokesman|spokeswoman|official|officials|service|committee|commission|"
    r"army|military|group|movement|president|minister|ombudsman|source|sources))$",
    re.IGNORECASE,
)
_TRIM_TAIL = re.compile(
    r"\s+(?:in a (?:statement|post|video|message|briefing|televised \w+|social media post)|"
    r"on (?:Telegram|X|Twitter|Facebook|social media|its website|state television)|"
    r"on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?:earlier |late |on )?(?:today|yesterday|this week|last week)|later|also|earlier|"
    r"separately|that|who|which|as|after|when|while|in|at|to|with)\b.*$",
    re.IGNORECASE,
)
_TRIM_HEAD = re.compile(
    r"^.*\b(?:and|but|while|whereas|although|though|as|after|when|which|who|that|because|"
    r"also|separately|"
    r"meanwhile|later|earlier|however|in a statement)\s+",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^(?:the|a|an|but|and|also|separately|meanwhile|later|although|though|whereas|while)\s+",
    re.IGNORECASE,
)
_NOT_A_SOURCE = re.compile(
    r"^(?:it|he|she|they|we|i|you|this|that|there|which|who|the article|reports?|media|"
    r"according|as|"
    r"officials|authorities|sources?|"
    # "It should be noted that …", "It was reported that …": impersonal, nobody speaks
    r"it (?:should|must|may|might|can|could|is|was|has|had|will|would)(?: have)?(?: be| been)?|"
    r"as (?:it|he|she|they|we))$",
    re.IGNORECASE,
)
_WHEN_FIRST = re.compile(
    r"^(?:on|at|by|in) (?:that|this|the same) (?:occasion|time|day|date|point),?\s+", re.I
)
_QUOTE_SPEAKER = re.compile(r"[\"”]\s*,?\s*(?P<rest>[^\"“”]*)$")


def _tidy(name: str) -> str | None:
    name = " ".join(name.replace("’", "'").split()).strip(" .'\"")
    name = re.sub(r"^[^A-Za-z]+", "", name)  # "7.The same source": a run-together sentence
    name = re.split(r"\s[—–-]\s", name)[-1]  # "KYIV, Ukraine (AFP) — Ukraine said": a dateline
    name = _WHEN_FIRST.sub("", name)  # "On that occasion the Ministry of Defence reported"
    name = _TRIM_TAIL.sub("", name)
    name = _TRIM_HEAD.sub("", name) if len(name.split()) > 3 else name
    while (stripped := _LEAD.sub("", name)) != name:
        name = stripped
    name = name.strip(" .'\"")
    if re.match(r"(?i)(?:in|at|on|from|to|by|with|near|inside)\s", name):
        return None  # "in Addis Ababa": a place, never the speaker
    if not name or len(name.split()) > 12 or not re.search(r"[A-Za-z]", name):
        return None
    # lower-case descriptions ("hospital officials in Gaza", "a source briefed on the
    # talks") are sources when they name a kind of speaker
    if not (re.search(r"[A-Z]", name) or _PRONOUN.match(name)) and not re.search(
        r"\b(officials?|media|source|sources|spokes\w+|ministry|agency|bloggers?|staff|"
        r"headquarters|office|department|service|ombudsman|commissioner|representatives?|"
        r"delegation|negotiators|team|council|body|organi[sz]ation|bureau|centre|center|"
        r"authorities|army|military|police|commission|committee|group)\b",
        name,
    ):
        return None
    return name


# ", for his part," / ", quoting sources it did not name,": asides between a speaker and
# the verb, blanked (positions kept) so "Yermak, for his part, said" reads as "Yermak said"
_ASIDE = re.compile(
    r",\s+(?:for (?:his|her|its|their) part|in turn|in (?:a|its|his|her) statement|"
    r"(?:quoting|citing) [^,;]{2,60}?)"
    rf",(?=\s+(?:has\s+|had\s+|have\s+)?(?:{_VERBS})\b)"
)


# "the International Committee of the Red Cross (ICRC) in Addis Ababa said": the bracketed
# acronym is part of the name, not a boundary that leaves "in Addis Ababa" as the speaker
_BRACKETED_ACRONYM = re.compile(r"\s\([A-Z]{2,8}\)(?=\s)")


def _without_asides(sentence: str) -> str:
    sentence = _BRACKETED_ACRONYM.sub(lambda m: " " * len(m.group(0)), sentence)
    return _ASIDE.sub(lambda m: " " * len(m.group(0)), sentence)


@functools.lru_cache(maxsize=2048)
def _raw_sources(
    sentence: str,
) -> tuple[tuple[tuple[int, str], ...], tuple[tuple[int, int], ...]]:
    """Every source phrase with where it starts, and the spans of speakers' titles (not read
    as sides, named as no source); cached, as both the names and their spans are asked for
    each sentence."""
    sentence = _without_asides(sentence)
    found: list[tuple[int, str]] = []
    titles: list[tuple[int, int]] = []  # a speaker's title: blanked from side reading, no name
    for m in _ACCORDING.finditer(sentence):
        named = _NAMED_AFTER_TITLE.match(sentence, m.end("name"))
        if named and m.group("name")[:1].islower():
            # "according to the head of the Office of the President, Andrii Yermak, …": the
            # person the title introduces is the source
            found.append((named.start("name"), named.group("name")))
            titles.append(m.span("name"))
            continue
        found.append((m.start("name"), m.group("name")))
    spoken = []  # verbs that already have their speaker before them
    for m in _BEFORE.finditer(sentence):
        found.append((m.start("name"), m.group("name")))
        spoken.append(m.end())
    for m in _AFTER.finditer(sentence):
        if any(m.start() < end <= m.start("name") for end in spoken):
            continue  # "the FSB said Artur Petrov … had been brought home": what was said
        found.append((m.start("name"), m.group("name")))
    for m in _AFTER_KIND.finditer(sentence):
        found.append((m.start("name"), m.group("name")))
    for m in _APPOSED.finditer(sentence):
        if _NOT_A_SPEAKER_NAME.match(m.group("name")):
            continue
        found.append((m.start("name"), m.group("name")))
        titles.append(m.span("title"))
    return tuple(found), tuple(titles)


def _coordinated(raw: str) -> list[str]:
    """'Ukraine's President Volodymyr Zelenskyy and Russia's defense ministry': two sources
    when each side of the "and" names one on its own; else the phrase whole."""
    parts = re.split(r"\s+and\s+", raw)
    if len(parts) == 2 and all(_tidy(p) is not None and len(p.split()) >= 2 for p in parts):
        return parts
    return [raw]


def source_phrases(sentence: str, previous: str | None = None) -> list[str]:
    """The names the sentence credits for what it states, in order of appearance.

    A pronoun or a definite description ("it said", "the ministry said") takes the
    source named last before it (*previous*).
    """
    names: list[str] = []
    for _, whole in sorted(_raw_sources(sentence)[0]):
        for raw in _coordinated(whole):
            name = _tidy(raw)
            if name is None:
                continue
            if _PRONOUN.match(name):
                if previous:
                    names.append(previous)
                continue
            if _NOT_A_SOURCE.match(name):
                continue
            names.append(name)
    # a shorter name inside a longer one is the same source ("Ministry" in "Defence Ministry")
    kept = [n for n in dict.fromkeys(names) if not any(n != o and n in o for o in names)]
    return kept


_HIS_WORDS = re.compile(
    r"^(?:in (?:his|her|their) words|according to (?:him|her|them))\b|"
    r"\b(?:he|she|they) (?:said|added|wrote|stated|noted)\b",
    re.IGNORECASE,
)
_SUBJECT_NAME = re.compile(
    r"^([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2})(?=,|\s+(?:said|says|wrote|told|commented|"
    r"added|stated|announced|confirmed|reported))"
)
_POINTS_BACK = re.compile(
    r"\b(?:announced|reported|said|confirmed|stated|wrote|posted)\s+(?:this|that|it)\b|"
    r"\bmade (?:this|that|it) (?:known|public)\b|"
    r"^(?:this|that|it) was (?:announced|reported|confirmed|stated)\b",
    re.IGNORECASE,
)


def speaker_named(sentence: str) -> str | None:
    """The person a sentence opens with ("Andriy Yermak, who heads …, commented"):
    whom a following "in his words" or "he said" refers to."""
    m = _SUBJECT_NAME.match(sentence.strip())
    return m.group(1) if m else None


def refers_back(sentence: str) -> bool:
    """'… announced this', 'This was reported by …': the source of the sentence before."""
    return bool(_POINTS_BACK.search(sentence))


def pronoun_speaker(sentence: str) -> bool:
    """'In his words, …', 'he said': the speaker is the person named just before."""
    return bool(_HIS_WORDS.search(sentence))


def spans_of_sources(sentence: str) -> list[tuple[int, int]]:
    """Character spans of the source phrases, so their parties are not read as sides."""
    spans = []
    names, titles = _raw_sources(sentence)
    for start, raw in names:
        spans.append((start, start + len(raw)))
    spans += titles
    return spans


_BODY_SYNONYMS = {"defense": "defence"}  # "Ministry of Defense" and "defence ministry"
_NOT_BODY_WORDS = {"the", "of", "s", "its", "their", "country"}


@functools.lru_cache(maxsize=1024)
def body_key(source: str) -> frozenset[str]:
    """'The Russian Ministry of Defence', 'the Ministry of Defence' and 'the defence
    ministry' are one body once its nationality is set aside."""
    words = re.findall(r"[A-Za-z]+", source)
    return frozenset(
        _BODY_SYNONYMS.get(w.lower(), w.lower())
        for w in words
        if w.lower() not in _NOT_BODY_WORDS and not party_mentions(w)
    )


class BodySides:
    """The side each unnamed body of the article spoke for when it was first named in full:
    "The Russian Ministry of Defence told journalists …" and later "the Ministry of Defence
    reported that 50 servicemen had returned" is Russia's ministry again."""

    def __init__(self) -> None:
        self._known: dict[frozenset[str], str | None] = {}

    def side(self, source: str, named: str | None) -> str | None:
        key = body_key(source)
        if not key:
            return named
        if named is not None:
            # both sides' ministries named in one article: "the ministry" is either
            self._known[key] = named if self._known.get(key, named) == named else None
            return named
        return self._known.get(key)
