"""Read an article into candidate readings: each counted group with everything the
sentence's structure says about it, and the questions it leaves open."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from summarizer.extract.attribution import (
    pronoun_speaker,
    refers_back,
    source_phrases,
    spans_of_sources,
    speaker_named,
)
from summarizer.extract.frames import (
    TIME_SPAN,
    direction,
    handover_distance,
    role_cue,
    running_total,
    status,
)
from summarizer.extract.mentions import Mention, captive_mentions, same_number_mentions
from summarizer.extract.parties import ArticleSides, article_sides, speaker_side
from summarizer.grounding import article_sentences, instruction_sentences
from summarizer.normalize import _DAY_MONTH, _MONTH_DAY, _MONTH_RE

_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DATE_PHRASES = [
    re.compile(
        rf"\b(?:on\s+|last\s+|this\s+|next\s+)?{_WEEKDAY}(?:\s+(?:night|morning|evening))?\b", re.I
    ),
    _MONTH_DAY,
    _DAY_MONTH,
    re.compile(r"\b(?:yesterday|today|tonight|this morning|earlier today)\b", re.I),
    re.compile(
        rf"\b(?:(?:in|since|last|early|late|mid|earlier in|during)\s+(?:{_MONTH_RE})\b\.?"
        r"(?:\s+\d{4})?|"
        r"last (?:week|month|year|summer|winter|autumn|spring)|earlier this (?:week|month|year)|"
        r"in (?:19|20)\d\d|a (?:week|month|year) ago|"
        r"(?:two|three|four|several) (?:weeks|months|years) ago)\b",
        re.I,
    ),
]
_BREAKDOWN = re.compile(
    r"\b(?:compris\w*|including|included|among them|among whom|of them|of whom|consist\w*|"
    r"made up of|broke down|breakdown)\b[^.;]*$",
    re.IGNORECASE,
)
_TOTAL_LEAD = re.compile(
    r"\b(?:in all|in total|a total of|altogether|overall|total of|bringing the total to|"
    r"involving|involved|comprising)\W*"
    r"(?:(?:more than|at least|about|nearly|some|over)\s+)?$",
    re.IGNORECASE,
)
_EACH_SIDE = re.compile(
    r"\b(?:each side|both sides|each of the (?:two )?sides|each)\b(?!\s+(?:other|of|time))[^,;]*$",
    re.IGNORECASE,
)
_SWAPPED = re.compile(r"\b(?:exchanged|swapped|traded)\b", re.IGNORECASE)
_ORDINAL = re.compile(
    r"\b(?:the\s+)?(\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth|eleventh|twelfth)\s+(?:[\w-]+\s+){0,3}?(exchange|swap|repatriation|"
    r"mediation|prisoner exchange|round|handover|release|transfer|such\s+\w+)s?\b",
    re.IGNORECASE,
)


def date_phrase(sentence: str) -> str | None:
    """The words that say when (the first date phrase of the sentence)."""
    hits = [m for p in _DATE_PHRASES for m in p.finditer(sentence)]
    if not hits:
        return None
    first = min(hits, key=lambda m: m.start())
    return first.group(0).strip()


@dataclass
class Reading:
    """One counted group in one sentence, as far as code can read it."""

    index: int  # sentence number
    sentence: str
    mention: Mention
    giver: str | None
    receiver: str | None
    category: str
    status: str
    role: str | None  # a figure kind the words name, "handed_over" for a handover verb
    sources: list[str]
    date_text: str | None
    reverse: bool = False  # the return flow of "103 each"
    why: str = ""
    open: list[str] = field(default_factory=list)  # questions left for the model


@dataclass
class ArticleReading:
    sentences: list[str]
    sides: ArticleSides
    readings: list[Reading]
    ordinals: list[tuple[int, int, str]]  # (sentence, value, phrase)
    ignored: list[str]


_HOSTAGE_TAKERS = frozenset({"Hamas", "Palestinian Islamic Jihad"})


def _category(mention: Mention, sides: ArticleSides, receiver: str | None) -> str:
    """A generic noun ("people", "Palestinians") takes the kind its sides imply."""
    if mention.category != "people":
        if mention.category == "detainees" and mention.noun.lower().startswith("prisoner"):
            # "prisoners" between two states at war are prisoners of war; held by a state
            # from a non-state side (Palestinians) or in a diplomatic swap they are detainees
            if receiver in ("Hamas", "Palestinian Islamic Jihad", "United States") or (
                "United States" in sides.sides[:2]
            ):
                return "detainees"
            return "prisoners_of_war"
        return mention.category
    if mention.home in _HOSTAGE_TAKERS or receiver in _HOSTAGE_TAKERS:
        return "detainees"  # Palestinians held by Israel
    if any(p in _HOSTAGE_TAKERS for p in sides.sides[:2]):
        return "hostages"  # anyone else freed in a war with a hostage-taking group
    return "mixed"  # one number, and the words do not say which kinds it counts


def read_article(text: str) -> ArticleReading:
    """Sentences, sides and every counted group with its structure."""
    injected = set(instruction_sentences(text))
    sentences = [s for s in article_sentences(text) if s not in injected]
    sides = article_sides(" ".join(sentences))
    readings: list[Reading] = []
    ordinals: list[tuple[int, int, str]] = []
    last_source: str | None = None
    last_speaker: str | None = None
    last_date: str | None = None
    for index, sentence in enumerate(sentences):
        sources = source_phrases(sentence, previous=last_source)
        if not sources and last_speaker and pronoun_speaker(sentence):
            sources = [last_speaker]
        last_speaker = speaker_named(sentence) or (sources[-1] if sources else last_speaker)
        if sources and refers_back(sentence):  # "The agency announced this on Friday."
            for earlier in readings:
                if earlier.index == index - 1 and not earlier.sources:
                    earlier.sources = list(sources)
        source_sides = [p for s in sources if (p := speaker_side(s)) is not None]
        if sources:
            last_source = sources[-1]
        when = date_phrase(sentence)
        for m in _ORDINAL.finditer(sentence):
            from summarizer.normalize import ordinal_numbers_in

            values = ordinal_numbers_in(m.group(1))
            if values:
                ordinals.append((index, values[0], m.group(0)))
        mentions = captive_mentions(sentence, readings[-1].mention if readings else None)
        mentions += same_number_mentions(sentence, mentions)
        spans = spans_of_sources(sentence)
        for mention in mentions:
            lead = sentence[max(0, mention.start - 60) : mention.start]
            if not mention.both_ways and _EACH_SIDE.search(lead[-40:]):
                mention = replace(mention, both_ways=True)  # "each side freed 307"
            kind = _category(mention, sides, None)
            way = direction(sentence, replace(mention, category=kind), sides, spans, source_sides)
            found_cue = role_cue(sentence, mention)
            cue, cue_gap = found_cue if found_cue else (None, 10**6)
            if cue == "casualties" and mention.category == "remains":
                cue = None  # the dead were killed: that says nothing about a handover
            verb_gap = handover_distance(sentence, mention)
            # "got back 68 soldiers who had been presumed missing": the nearer word decides
            handed = verb_gap is not None and (cue != "casualties" or verb_gap < cue_gap)
            role = "handed_over" if handed else cue
            if role == "handed_over" and running_total(sentence, mention):
                role = "cumulative_total"
            if _TOTAL_LEAD.search(lead[-20:]):
                # "in all, 1,000 were released": a total, over time or of one exchange
                role = "cumulative_total" if TIME_SPAN.search(sentence) else "total"
            if role == "handed_over" and _BREAKDOWN.search(lead):
                role = "part"  # "comprised 82 privates and 21 officers": parts of a flow
            if (
                role == "handed_over"
                and not mention.both_ways
                and (way.giver is None or way.receiver is None)
                and _SWAPPED.search(sentence[mention.end : mention.end + 40] + " " + lead[-40:])
            ):
                role = "total"  # "26 people were exchanged": both ways together, no direction
            reading = Reading(
                index=index,
                sentence=sentence,
                mention=mention,
                giver=way.giver,
                receiver=way.receiver,
                category=_category(mention, sides, way.receiver),
                status=status(sentence, mention),
                role=role,
                sources=list(sources),
                date_text=when,
                why=way.reason,
            )
            if role == "handed_over" and (reading.giver is None or reading.receiver is None):
                reading.open.append("direction")
            readings.append(reading)
            if mention.both_ways and reading.giver and reading.receiver:
                readings.append(
                    Reading(
                        index=index,
                        sentence=sentence,
                        mention=mention,
                        giver=reading.receiver,
                        receiver=reading.giver,
                        category=reading.category,
                        status=reading.status,
                        role=reading.role,
                        sources=list(sources),
                        date_text=when,
                        reverse=True,
                        why="the same number went each way",
                        open=[q for q in reading.open if q != "direction"],
                    )
                )
        if when:
            last_date = when
    del last_date
    return ArticleReading(sentences, sides, readings, ordinals, sorted(injected))
