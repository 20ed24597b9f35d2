"""Grounding rules of the contract: is what the model says really in the article?

Each check returns human-readable problems phrased as instructions, because the
same strings go back to the model in a re-ask and into ``warnings``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from summarizer.neutrality import find_violations
from summarizer.normalize import canonical_party, numbers_in, ordinal_numbers_in
from summarizer.schemas import Figure, Transfer
from summarizer.text import ATTRIBUTION, TOKEN, fold, sentences
from summarizer.text import sentences as sentences_of

_HANDOVER = re.compile(
    r"\b(handed over|handed back|returned|released|transferred|repatriated|freed|gave back|"
    r"sent back|swapped|exchanged)\b",
    re.IGNORECASE,
)
_TOTAL_WORDS = re.compile(
    r"\b(total|since|so far|in all|overall|cumulative|altogether|"
    r"to date|including)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)
def _loose(text: str) -> str:
    return re.sub(r"[\s.,;:!?]+", "", fold(text)).lower()


def evidence_found(quote: str, article_text: str) -> bool:
    """A quote is grounded when it occurs in the article after folding.

    Spacing and sentence punctuation are ignored so a quote that adds a space
    after a run-together full stop is still found; words must match exactly.
    """
    quote = quote.strip().strip('"').strip()
    if not quote:
        return False
    if fold(quote) in fold(article_text):
        return True
    return _loose(quote) in _loose(article_text)


_INSTRUCTION = re.compile(
    r"\b(ignore (?:all |any |the )?(?:previous|prior|above|earlier) (?:instructions|rules)|"
    r"disregard (?:all |the )?(?:previous|prior|above) |forget (?:all |your )?(?:previous )?"
    r"instructions|(?:new|updated) instructions:|system prompt|you are now |"
    r"as an ai\b|(?:language model|assistant|ai model),? (?:you must|must|should) |"
    r"respond (?:only )?with|output only)",
    re.IGNORECASE,
)


def instruction_sentences(text: str) -> list[str]:
    """Sentences that address the model instead of reporting news (prompt injection)."""
    return [s for s in sentences_of(text) if _INSTRUCTION.search(s)]


def news_text(text: str) -> str:
    """The article minus sentences that address the model: what records may stand on."""
    injected = instruction_sentences(text)
    for sentence in injected:
        text = text.replace(sentence, " ")
    return text


def align_evidence(
    quote: str, text: str, number: int | None = None, threshold: float = 0.75
) -> str | None:
    """The article's own sentence that a near-verbatim quote stands for, if one clearly does.

    Small models drop or change a word when copying; the sentence that holds most of
    the quote's words (and the number, when there is one) is the real evidence.
    """
    words = {w.lower() for w in TOKEN.findall(fold(quote))}
    if len(words) < 4:
        return None
    best, best_score = None, 0.0
    for sentence in sentences_of(text):
        if number is not None and not number_occurs(number, sentence):
            continue
        have = {w.lower() for w in TOKEN.findall(fold(sentence))}
        score = len(words & have) / len(words)
        if score > best_score:
            best, best_score = sentence, score
    return best if best_score >= threshold else None


def number_occurs(value: int, text: str, *, ordinals: bool = False) -> bool:
    """Grounding rule 2: the number is written in the text, as digits or words."""
    if value in numbers_in(text):
        return True
    return ordinals and value in ordinal_numbers_in(text)


def date_problem(date: dt.date | None, status: str, published: dt.date | None) -> str | None:
    """Grounding rule 3."""
    if date is None or published is None:
        return None
    if date > published + dt.timedelta(days=1):
        return f"date {date} is after publication ({published}) + 1 day"
    if status == "completed" and date > published:
        return f"a completed handover cannot be dated {date}, after publication ({published})"
    return None


def summary_problems(
    headline: str,
    text: str,
    article_text: str,
    transfers: Sequence[Transfer],
    figures: Sequence[Figure],
    extra_numbers: Iterable[int] = (),
) -> list[str]:
    """Grounding rule 5 plus the summary's shape and the neutrality checklist."""
    problems: list[str] = []
    allowed = set(extra_numbers)
    words = len(text.split())
    sents = sentences(text)
    if not 2 <= len(sents) <= 5 or words > 120:
        problems.append(
            f"the summary must be 2 to 5 sentences and at most 120 words "
            f"(it has {len(sents)} sentences, {words} words)"
        )
    if len(headline.split()) > 15:
        problems.append("the headline must be at most 15 words")
    if re.search(r"[\"“”]", headline):
        problems.append("the headline must not contain a quotation")
    for number in sorted(set(numbers_in(text))):
        if number not in allowed and not number_occurs(number, article_text):
            problems.append(f"the summary states {number}, which is not in the article")
    for violation in find_violations(f"{headline}. {text}"):
        problems.append(
            f"neutrality: remove or attribute {violation.term!r} (checklist {violation.rule})"
        )
    problems += _unsourced_numbers(sents, [*transfers, *figures])
    problems += _swapped_directions(sents, transfers)
    problems += _totals_as_handovers(sents, figures, transfers)
    problems += _missing_disagreements(text, transfers)
    return problems


def names_a_source(sentence: str, sources: Iterable[str]) -> bool:
    """Checklist 6: an attribution verb, or one of the records' sources (lower case)."""
    lowered = sentence.lower()
    return bool(ATTRIBUTION.search(sentence)) or any(s in lowered for s in sources)


def _unsourced_numbers(sents: list[str], records: Sequence[Transfer | Figure]) -> list[str]:
    """Checklist 6, for the numbers that are counts of people (not "two rounds of talks")."""
    sources = {s.lower() for r in records for s in r.reported_by if s}
    counts = {r.count if isinstance(r, Transfer) else r.value for r in records} - {None}
    out = []
    for sentence in sents:
        if not set(numbers_in(sentence)) & counts:
            continue
        if names_a_source(sentence, sources):
            continue
        out.append(f"say who gave the figure in: {sentence!r} (checklist 6)")
    return out


def _parties_before(sentence: str, end: int) -> list[str]:
    found: list[str] = []
    for match in re.finditer(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*", sentence[:end]):
        party = canonical_party(match.group(0))
        if party:
            found.append(party)
    return found


def _swapped_directions(sents: list[str], transfers: Sequence[Transfer]) -> list[str]:
    """'X handed over N' where every transfer of N goes *to* X is a swapped direction."""
    by_count: dict[int, list[Transfer]] = defaultdict(list)
    for t in transfers:
        if t.count is not None:
            by_count[t.count].append(t)
    out = []
    for sentence in sents:
        for verb in _HANDOVER.finditer(sentence):
            subjects = _parties_before(sentence, verb.start())
            if not subjects:
                continue
            giver = subjects[-1]
            after = sentence[verb.end() :]
            for number in numbers_in(after[:80]):
                flows = by_count.get(number, [])
                if (
                    flows
                    and all(t.from_ != giver for t in flows)
                    and any(t.to == giver for t in flows)
                ):
                    out.append(
                        f"direction swapped: {number} went to {giver}, not from it, in {sentence!r}"
                    )
    return out


def _totals_as_handovers(
    sents: list[str], figures: Sequence[Figure], transfers: Sequence[Transfer]
) -> list[str]:
    handover_counts = {t.count for t in transfers}
    totals = {f.value for f in figures if f.kind == "cumulative_total"} - handover_counts
    out = []
    for sentence in sents:
        if not _HANDOVER.search(sentence) or _TOTAL_WORDS.search(sentence):
            continue
        for number in set(numbers_in(sentence)) & totals:
            out.append(f"{number} is a cumulative total, not one handover: say so in {sentence!r}")
    return out


def _missing_disagreements(text: str, transfers: Sequence[Transfer]) -> list[str]:
    """Checklist 8: when sources disagree on one flow, the summary gives both figures."""
    flows: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for t in transfers:
        if t.count is not None:
            flows[(t.from_, t.to, t.category)].add(t.count)
    stated = set(numbers_in(text))
    out = []
    for (giver, receiver, _), counts in flows.items():
        if len(counts) > 1 and (stated & counts) and not counts <= stated:
            missing = ", ".join(str(c) for c in sorted(counts - stated))
            out.append(
                f"sources disagree on {giver} to {receiver}; also state {missing} "
                "with its source (checklist 8)"
            )
    return out
