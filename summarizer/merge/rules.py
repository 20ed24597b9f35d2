"""When are two reported events the same occasion? The rules, each with its reason.

An occasion (the contract's event) is one day, one pair of sides. Two articles'
events are merged when every rule below holds, and each rule says why in words an
analyst can check (``summarizer merge --explain``):

1. different articles: one article's events are separate occasions by definition;
2. the same sides (the same unordered pair, or one event's pair inside the other's);
3. the same status: an announcement and its completion are *linked*, never merged;
4. compatible categories: remains never merge with living people; ``mixed`` fits all;
5. dates that overlap within the precision the text allows: two exact days must be
   equal; a looser date ("in August", an undated announcement) overlaps a day only
   when at least one figure (same direction, same number) also agrees.

A pair that breaks rules 1-4, or whose dates cannot overlap, is a *cannot-link*: no
chain of other merges may put the two into one exchange either.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from summarizer.merge.model import Decision, EventRef, Window
from summarizer.schemas import Event

LIVING = frozenset({"prisoners_of_war", "civilians", "hostages", "detainees"})
ANNOUNCEMENT_LOOKBACK_DAYS = 3  # an undated announcement was made at most this long before print

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTH_RE = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?",
                       re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(19|20)\d{2}\b")


def _month_window(year: int, month: int) -> Window:
    last = calendar.monthrange(year, month)[1]
    return Window(dt.date(year, month, 1), dt.date(year, month, last), "month")


def _relative_window(text: str, published: dt.date) -> Window | None:
    """'last week', 'earlier this month': ranges counted back from publication."""
    if "last month" in text or "previous month" in text:
        first = published.replace(day=1) - dt.timedelta(days=1)
        return _month_window(first.year, first.month)
    if "this month" in text:
        return Window(published.replace(day=1), published, "month")
    if "last week" in text or "previous week" in text:
        monday = published - dt.timedelta(days=published.weekday())
        return Window(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), "week")
    if "this week" in text:
        return Window(published - dt.timedelta(days=published.weekday()), published, "week")
    return None


def event_window(event: Event, published: dt.date | None) -> Window:
    """The days *event* can be on: its resolved date, else what ``date_text`` allows.

    A month named without a year takes the publication's year, or the year before when
    the month lies after publication ("in December" in a January article).
    """
    if event.date is not None:
        return Window(event.date, event.date, "day")
    text = (event.date_text or "").lower()
    month = _MONTH_RE.search(text)
    year_match = _YEAR_RE.search(text)
    if month:
        m = _MONTHS[month.group(1).lower()]
        if year_match:
            return _month_window(int(year_match.group(0)), m)
        if published:
            year = published.year - (1 if m > published.month else 0)
            return _month_window(year, m)
    if published and text and (relative := _relative_window(text, published)):
        return relative
    if published and event.status != "completed":
        # an undated announcement or offer: made shortly before the article printed it
        start = published - dt.timedelta(days=ANNOUNCEMENT_LOOKBACK_DAYS)
        return Window(start, published, "announcement")
    return Window(None, None, "unknown")


def sides_text(parties: frozenset[str]) -> str:
    return "–".join(sorted(parties))


def _norm(name: str) -> str:
    return " ".join(name.casefold().split())


def _parties(ref: EventRef) -> frozenset[str]:
    return frozenset(_norm(p) for p in ref.parties)


def sides_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """Same unordered pair, or one event's sides inside the other's with two in common."""
    na, nb = frozenset(map(_norm, a)), frozenset(map(_norm, b))
    return na == nb or ((na <= nb or nb <= na) and len(na & nb) >= 2)


def _categories(event: Event) -> frozenset[str]:
    return frozenset(t.category for t in event.transfers)


def categories_compatible(a: frozenset[str], b: frozenset[str]) -> tuple[bool, str]:
    if a & b:
        return True, f"categories agree ({', '.join(sorted(a & b))})"
    if "mixed" in a or "mixed" in b:
        return True, "one source gives a single number for several categories (mixed)"
    if a <= LIVING and b <= LIVING:
        return True, f"living people labelled differently ({', '.join(sorted(a | b))})"
    return False, f"categories differ: {', '.join(sorted(a))} vs {', '.join(sorted(b))}"


def agreeing_figures(a: Event, b: Event) -> list[int]:
    """Numbers both events give for the same direction (category-compatible)."""
    found: set[int] = set()
    for ta in a.transfers:
        for tb in b.transfers:
            same_way = _norm(ta.from_) == _norm(tb.from_) and _norm(ta.to) == _norm(tb.to)
            kinds_ok = ta.category == tb.category or "mixed" in (ta.category, tb.category)
            if same_way and kinds_ok and ta.count is not None and ta.count == tb.count:
                found.add(ta.count)
    return sorted(found)


def cannot_link(a: EventRef, b: EventRef) -> str | None:
    """The reason *a* and *b* can never share an exchange, or None."""
    if a.article.article_id == b.article.article_id:
        return "same article: the contract makes its events separate occasions"
    if not sides_compatible(a.parties, b.parties):
        return f"different sides: {sides_text(a.parties)} vs {sides_text(b.parties)}"
    if a.event.status != b.event.status:
        return (f"status differs ({a.event.status} vs {b.event.status}): "
                "stages are linked, not merged")
    ok, why = categories_compatible(_categories(a.event), _categories(b.event))
    if not ok:
        return why
    if a.window.known and b.window.known and not a.window.overlaps(b.window):
        return f"dates cannot overlap: {a.window.describe()} vs {b.window.describe()}"
    return None


def decide(a: EventRef, b: EventRef) -> Decision:
    """Merge or keep apart, with every reason that led there."""
    blocker = cannot_link(a, b)
    if blocker:
        return Decision(a.key, b.key, False, (blocker,))
    reasons = [f"same sides: {sides_text(a.parties | b.parties)}", f"both {a.event.status}"]
    reasons.append(categories_compatible(_categories(a.event), _categories(b.event))[1])
    agree = agreeing_figures(a.event, b.event)
    if not (a.window.known and b.window.known):
        unknown = a.key if not a.window.known else b.key
        reasons.append(f"date unknown in {unknown}: the text does not fix the occasion")
        return Decision(a.key, b.key, False, tuple(reasons))
    if a.window.is_day and b.window.is_day:
        reasons.append(f"same day {a.window.describe()}")
    elif agree:
        reasons.append(f"dates overlap within the text's precision ({a.window.describe()} "
                       f"and {b.window.describe()}) and figures agree ({_list(agree)})")
    else:
        reasons.append(f"dates only overlap loosely ({a.window.describe()} and "
                       f"{b.window.describe()}) and no figure agrees")
        return Decision(a.key, b.key, False, tuple(reasons))
    if agree and a.window.is_day and b.window.is_day:
        reasons.append(f"figures agree ({_list(agree)})")
    shared = sorted(set(a.event.mediators) & set(b.event.mediators))
    if shared:
        reasons.append(f"same mediator ({', '.join(shared)})")
    return Decision(a.key, b.key, True, tuple(reasons))


def strength(a: EventRef, b: EventRef) -> float:
    """Order of merging: exact days first, then more agreeing figures and mediators."""
    score = 2.0 if a.window.is_day and b.window.is_day else 1.0
    score += 0.1 * len(agreeing_figures(a.event, b.event))
    score += 0.05 * len(set(a.event.mediators) & set(b.event.mediators))
    return score


def _list(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)
