"""Read an article into candidate readings: each counted group with everything the
sentence's structure says about it, and the questions it leaves open."""

from __future__ import annotations

import re
from dataclasses import replace

from summarizer.extract.attribution import (
    BodySides,
    pronoun_speaker,
    refers_back,
    source_phrases,
    spans_of_sources,
    speaker_named,
)
from summarizer.extract.captivity_cues import (
    ABDUCTED,
    CAPTORS_CLAUSE,
    CAPTURED_FIGHTING,
    HELD_HOSTAGE,
    HELD_ON_CHARGES,
    HOLDING_BEFORE,
    PARTICIPLE_BY,
    POPULATION_BEFORE,
    PRISONER_AFTER,
    REFUSED_BEFORE,
    STILL_AFTER,
    TAKEN_THEN_FREED,
    TOOK,
    not_freed,
)
from summarizer.extract.date_phrases import date_phrase
from summarizer.extract.frames import direction
from summarizer.extract.mentions import GROUP_OF, Mention, captive_mentions
from summarizer.extract.numbers import QUALIFIED
from summarizer.extract.parties import article_sides, speaker_side
from summarizer.extract.people import named_people
from summarizer.extract.ratios import ratio_exchange
from summarizer.extract.readings import ArticleReading, Reading, captive_kind
from summarizer.extract.roles import (
    handover_distance,
    role_cue,
    running_total,
    status,
    tally_goes_on,
)
from summarizer.extract.siblings import settle_siblings
from summarizer.extract.stated_counts import (
    casualty_counts,
    count_statements,
    same_number_mentions,
    vague_mentions,
)
from summarizer.extract.swap_totals import swap_total, told_as_total
from summarizer.extract.thread import (
    follow_the_thread,
    palestinians_without_hamas,
    whole_before_its_stages,
    whole_then_by_home,
)
from summarizer.extract.uncounted import exchange_without_number, groups_without_number
from summarizer.extract.verbs import IN_RETURN
from summarizer.grounding import instruction_sentences
from summarizer.normalize import ordinal_numbers_in
from summarizer.text import sentences as article_sentences

_BREAKDOWN = re.compile(
    r"\b(?:compris\w*|including|included|among them|among whom|of them|of whom|consist\w*|"
    # "… among them, while the rebels handed back 20": a new clause ends the list
    r"made up of|broke down|breakdown)\b(?:(?!,\s*(?:while|whereas|but)\b)[^.;])*$|"
    # "Among the freed prisoners were 34 soldiers": a part of a group counted before
    r"\bamong (?:the|those)\s+(?:[\w-]+\s+){0,3}(?:were|are|was|is)\s+[^.;]*$|"
    # "those freed from captivity are ten soldiers of the 58th brigade and four of …"
    r"\b(?:those|the ones|the people|the men)\s+(?:freed|released|returned|exchanged|"
    r"swapped|brought (?:back|home))\b[^.;]{0,40}?\b(?:are|were|include|included)\s+[^.;]*$",
    re.IGNORECASE,
)
_EACH_SIDE = re.compile(
    r"\b(?:each side|both sides|each of the (?:two )?sides|each)\b(?!\s+(?:other|of|time))[^,;]*$",
    re.IGNORECASE,
)
# "270 soldiers and 120 civilians were exchanged by each side"
_BY_EACH_SIDE = re.compile(
    r"^[^;.]{0,60}?\b(?:were|was)\s+(?:\w+\s+)?(?:exchanged|freed|released|returned|handed "
    r"over|swapped)\s+by\s+each\s+(?:side|party|country)\b|"
    # "putting the number of fighters swapped at 144 for each side", 'to swap "more than 40
    # prisoners" from each side'
    r"^\s+(?:for|on)\s+each\s+(?:side|party)\b|^[\"”'’]?\s+from\s+each\s+(?:side|party)\b",
    re.IGNORECASE,
)
_PARTITIVE = re.compile(  # "Forty-eight of the men": part of a group already counted
    r"^[\w,-]+\s+of\s+(?:the|them|those|whom|these)\b", re.IGNORECASE
)
# "two civilians ... were part of the exchange"; "45 defenders (42 men and three women)"
_PART_AFTER = re.compile(
    r"^[^;]{0,80}?\b(?:were|was|are|is) (?:also )?(?:part of|among|included in)\b|"
    # "620 prisoners, 23 children and one woman among them" (not "32 soldiers, among them
    # officers": there the list after "among them" is the count's own parts)
    r"^[^;.,]{0,40}?\bamong them\s*(?:[.;,]|$)",
    re.IGNORECASE,
)


def _part_of_larger(
    text: str, readings: list[Reading], mention: Mention, way: tuple[str | None, str | None]
) -> bool:
    """'Forty-eight of the men' is part of a larger group counted before it; 'eight of the
    hostages it was holding', with no such group going its way, is the handover itself."""
    back = re.match(r"(?i)^[\w,-]+\s+of\s+the\s+(?:released|freed|returned|exchanged)\b", text)
    return bool(_PARTITIVE.match(text)) and any(
        r.mention.count is not None and mention.count is not None
        and r.mention.count > mention.count and r.role in ("handed_over", "total")
        and (back or None in way or (r.giver, r.receiver) == way)
        for r in readings
    )  # fmt: skip


_OF_A_WHOLE = re.compile(r"(?i)^[\w-]+\s+(?:out\s+)?of\s+(?:the\s+)?$")  # "Five of the "
_WHOLE_BEFORE = re.compile(
    rf"(?:\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+|first|last)\s+(?:out\s+)?of|"
    rf"\b(?:are|is|were|was|be|being|from)\s+among|\bfrom\s+a\s+(?:group|total|list)\s+of)\s+"
    rf"(?:the\s+)?{QUALIFIED}$",
    re.IGNORECASE,
)
_IN_BRACKETS = re.compile(r"\d[^()]*\((?:[^()]*\s)?$")
_ARRESTED_BEFORE = re.compile(
    r"\b(?:detained|arrested|jailed|imprisoned|seized|kidnapped|rounded up)\s+"
    rf"(?:(?:another|a further)\s+)?{QUALIFIED}$",
    re.IGNORECASE,
)
# "200 prisoners from Russia and Ukraine are exchanged": that many from each of the two
_FROM_PAIR_SWAPPED = re.compile(
    r"^\s+from\s+(?:the\s+)?[A-Z][\w'’-]+\s+and\s+(?:the\s+)?[A-Z][\w'’-]+\s+"
    r"(?:are|were|have been|had been|will be|to be)\s+(?:exchanged|swapped)\b"
)
_FROM_BOTH_SIDES = re.compile(r"^\s*(?:[\w'’-]+\s+){0,5}?from both sides\b", re.IGNORECASE)
# the terms of a deal over its whole course, not one handover ("under the deal, the
# insurgents are to free 1,000", "the truce provides for 50 hostages to be freed")
_DEAL_TERMS = re.compile(
    r"\b(?:under the (?:\w+\s+)?(?:deal|agreement|truce|ceasefire|cease-fire|accord)|"
    r"(?:deal|agreement|truce|ceasefire|cease-fire|accord) (?:provides? for|requires|"
    r"calls for|stipulates|envisages|obliges)|"
    r"(?:during|in|over) the (?:\w+['’]s\s+)?(?:first|second|third|next) phase)\b",
    re.IGNORECASE,
)
_ORDINAL = re.compile(
    r"\b(?:the\s+)?(\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth|eleventh|twelfth)\s+(?:(?!(?:in|of|for|to|with|and|the|a)\b)[\w-]+\s+){0,3}?"
    r"(exchange|swap|repatriation|"
    r"mediation|prisoner exchange|round|handover|release|transfer|such\s+\w+)s?\b"
    r"(?!\s+of\s+(?:[\w-]+\s+){0,3}?(?:talks|negotiations|consultations|meetings))",
    re.IGNORECASE,
)


def read_article(text: str) -> ArticleReading:
    """Sentences, sides and every counted group with its structure."""
    injected = set(instruction_sentences(text))
    sentences = [s for s in article_sentences(text) if s not in injected]
    joined = " ".join(sentences)
    sides = article_sides(joined)
    readings: list[Reading] = []
    ordinals: list[tuple[int, int, str]] = []
    last_source: str | None = None
    last_speaker: str | None = None
    bodies = BodySides()
    for index, sentence in enumerate(sentences):
        sources = source_phrases(sentence, previous=last_source)
        if not sources and last_speaker and pronoun_speaker(sentence):
            sources = [last_speaker]
        last_speaker = speaker_named(sentence) or (sources[-1] if sources else last_speaker)
        if sources and refers_back(sentence):  # "The agency announced this on Friday."
            for earlier in readings:
                if earlier.index == index - 1 and not earlier.sources:
                    earlier.sources = list(sources)
        source_sides = [p for s in sources if (p := bodies.side(s, speaker_side(s))) is not None]
        if sources:
            last_source = sources[-1]
        when = date_phrase(sentence)
        for m in _ORDINAL.finditer(sentence):
            values = ordinal_numbers_in(m.group(1))
            if values:
                ordinals.append((index, values[0], m.group(0)))
        mentions = captive_mentions(sentence, readings[-1].mention if readings else None)
        mentions += same_number_mentions(sentence, mentions)
        stated_totals = count_statements(sentence, mentions)
        mentions += stated_totals
        mentions += casualty_counts(sentence, mentions)
        mentions = mentions or vague_mentions(sentence)
        spans = spans_of_sources(sentence)
        for mention in mentions:
            lead = sentence[max(0, mention.start - 60) : mention.start]
            if not mention.both_ways and (
                _EACH_SIDE.search(lead[-40:])
                or _BY_EACH_SIDE.match(sentence[mention.end :])
                or _FROM_PAIR_SWAPPED.match(sentence[mention.end :])
            ):
                mention = replace(mention, both_ways=True)  # "each side freed 307"
            kind = captive_kind(mention, sides, None)
            if (kind in ("mixed", "civilians") and ABDUCTED.match(sentence[mention.end :])) or (
                kind != "remains" and HELD_HOSTAGE.match(sentence[mention.end :])
            ):
                # "23 men abducted by militants", "11 soldiers held hostage by a militia":
                # taken to be bargained for
                kind = "hostages"
                mention = replace(mention, category=kind)
            way = direction(sentence, replace(mention, category=kind), sides, spans, source_sides)
            found_cue = role_cue(sentence, mention)
            cue, cue_gap = found_cue if found_cue else (None, 10**6)
            if cue == "casualties" and mention.category == "remains":
                cue = None  # the dead were killed: that says nothing about a handover
            verb_gap = handover_distance(sentence, mention)
            # "got back 68 soldiers who had been presumed missing": the nearer word decides
            # "20 residents were still waiting to go home": still held beats the verb too
            still = bool(
                cue == "still_held" and STILL_AFTER.match(sentence[mention.end :])
            ) or bool(
                HOLDING_BEFORE.search(lead)  # "Djibouti is holding 19 Eritrean POWs who …"
            )
            if not_freed(sentence, mention):
                still, cue = True, "still_held"  # "the other six", "60 remaining captives"
            # "1,985 children abducted by Russia have been returned": the participle describes
            # the children; the sentence's verb says what happened to them
            described = cue == "casualties" and (
                PARTICIPLE_BY.match(sentence[mention.end :])
                or CAPTORS_CLAUSE.match(sentence[mention.end :])
                or TAKEN_THEN_FREED.match(sentence[mention.end :])
            )
            handed = (
                verb_gap is not None
                and not still
                and (cue != "casualties" or verb_gap < cue_gap or bool(described))
            )
            role = "handed_over" if handed else cue
            if re.fullmatch(r"(?i)casualties|fatalities", mention.noun):
                role = "casualties"  # "an attack that left 1,200 casualties"
            if POPULATION_BEFORE.search(lead) or REFUSED_BEFORE.search(lead):
                # "a region home to some 100,000 ethnic Hungarians", "refused to free more
                # than 200": nobody handed over
                role = None
            if _ARRESTED_BEFORE.search(lead) or (
                TOOK.search(lead) and PRISONER_AFTER.match(sentence[mention.end :])
            ):
                role = "still_held"  # "the Houthis detained seven more UN staff": held, not freed
            if mention in stated_totals:
                role = "total"
            if role in ("handed_over", "total") and running_total(sentence, mention):
                role = "cumulative_total"
            if role == "handed_over" and tally_goes_on(
                sentence[: mention.start],
                lead,
                any(r.index == index - 1 and r.role == "cumulative_total" for r in readings),
                any(r.index == index and r.role == "cumulative_total" for r in readings),
            ):
                role = "cumulative_total"
            if told_as_total(lead, sentence[mention.end :]):
                # "in all, 1,000 were released": a total, over time or of one exchange
                role = "cumulative_total" if running_total(sentence, mention) else "total"
            if role == "handed_over" and (
                _BREAKDOWN.search(lead)
                or _part_of_larger(
                    sentence[mention.start :], readings, mention, (way.giver, way.receiver)
                )
                or _PART_AFTER.match(sentence[mention.end :])
                or _IN_BRACKETS.search(lead)
            ):
                role = "part"  # "comprised 82 privates and 21 officers": parts of a flow
            if (
                role == "handed_over"
                and mention.both_ways
                and _FROM_BOTH_SIDES.match(sentence[mention.end :])
                and status(sentence, mention) == "completed"
                and swap_total(sentence, replace(mention, both_ways=False), lead, False)
            ):
                # "the government and the Houthis exchanged 1,056 prisoners from both sides":
                # a done swap of both sides' people, counted together
                mention = replace(mention, both_ways=False)
                role = "total"
            if (
                role == "handed_over"
                and not mention.both_ways
                and swap_total(sentence, mention, lead, way.giver is None or way.receiver is None)
            ):
                # "26 people were exchanged", "Armenia and Azerbaijan swapped 36 prisoners":
                # both ways together, no direction: the swap's total
                role = "total"
            if role == "handed_over" and any(
                m.start < mention.start
                and m.end >= mention.end
                and _OF_A_WHOLE.match(sentence[m.start : mention.start])
                for m in mentions
            ):
                role = "total"  # "Five of the 11 British soldiers were freed": 11 is the whole
            if role == "handed_over" and _WHOLE_BEFORE.search(lead):
                role = "total"  # "two hostages from a group of more than 200": the whole
                # is "any other number about people in the exchange context" (records.md)
            how = status(sentence, mention)
            if role == "handed_over" and how != "completed" and _DEAL_TERMS.search(sentence):
                role = "total"  # "under the deal, Israel must hand back 360": a term, a figure
            reading = Reading(
                index=index,
                sentence=sentence,
                mention=mention,
                giver=way.giver,
                receiver=way.receiver,
                category=captive_kind(mention, sides, way.receiver, way.giver),
                status=how,
                role=role,
                sources=list(sources),
                date_text=when,
                why=way.reason,
            )
            if reading.category == "detainees" and CAPTURED_FIGHTING.match(sentence[mention.end :]):
                reading.category = "prisoners_of_war"  # "prisoners … captured in fighting"
                reading.kind_stated = True
                reading.why = "; ".join(filter(None, [reading.why, "captured in fighting"]))
            if reading.category == "civilians" and HELD_ON_CHARGES.match(sentence[mention.end :]):
                reading.category = "detainees"  # "5 civilians held on espionage grounds"
            if (
                (reading.giver is None or reading.receiver is None)
                and role not in ("still_held", "casualties")  # "detained seven more"
                and role != "cumulative_total"  # "brings the total received to 330"
                and not IN_RETURN.search(sentence)  # "while 251 are freed in exchange"
                and not GROUP_OF.search(sentence[: mention.start])  # "a group of 45": new
                and (previous := _same_group(readings, mention))
            ):
                # another source's number for a group counted before: the same flow
                reading.giver, reading.receiver = previous.giver, previous.receiver
                reading.category = previous.category
                reading.role, reading.status = previous.role, previous.status
                reading.why = "another count of the group counted before"
            if (
                role == "handed_over"
                and mention.count is not None  # "hundreds of detainees": nothing to ask
                and (reading.giver is None or reading.receiver is None)
            ):
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
        settle_siblings(sentence, [r for r in readings if r.index == index], sides)
        readings += named_people(index, sentence, sides, readings, sources, when)
        if not mentions:
            told = groups_without_number(
                index, sentence, sides, any(r.index == index for r in readings), sources,
                when, spans,
            )  # fmt: skip
            readings += (
                told
                or ratio_exchange(index, sentence, sides, sources, when)
                or exchange_without_number(index, sentence, sides, sources, when)
            )
    palestinians_without_hamas(joined, sides.counts, readings)
    whole_then_by_home(readings, sides.sides[:2])
    follow_the_thread(readings, sides.mediators)
    whole_before_its_stages(readings)
    return ArticleReading(sentences, sides, readings, ordinals, sorted(injected))


def _same_group(readings: list[Reading], mention: Mention) -> Reading | None:
    """The reading an elided count ("put the number at 30") takes its noun from."""
    if mention.noun.lower() in mention.phrase.lower():
        return None  # the count has a noun of its own
    for r in reversed(readings):
        if r.mention.noun == mention.noun and r.mention.start != mention.start and not r.reverse:
            return r if r.giver and r.receiver else None
    return None
