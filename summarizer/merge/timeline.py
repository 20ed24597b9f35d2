"""One self-contained HTML page a person reads at a glance: exchanges by date.

No scripts and no external assets (it must open offline and from a mail attachment);
every piece of text from an article is escaped. Disagreeing flows are highlighted
with every source's figure beside the others, and each figure links to its article.
Each figure shows its source's label over the whole dataset and, when the article named
the source differently, the article's own words beside it.
"""

from __future__ import annotations

from html import escape
from itertools import groupby

from summarizer.merge.model import Dataset, Exchange, Flow, Link

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f6f6f4}
header,main{max-width:1100px;margin:auto;padding:0 1rem}
h1{margin:1rem 0 .2rem}h2{border-bottom:2px solid #ccc;margin-top:2rem}
.exchange{background:#fff;border-left:6px solid #4a7;margin:1rem 0;padding:.6rem 1rem;
 border-radius:4px;box-shadow:0 1px 2px #0002}
.exchange.status-announced{border-left-color:#c90}.exchange.status-proposed{border-left-color:#888}
.exchange.has-disagreement{border-left-color:#c33}
h3{margin:.2rem 0}.badge{font-size:.75rem;padding:.1rem .4rem;border-radius:3px;background:#eee;
 text-transform:uppercase;letter-spacing:.03em}
.meta,.links{color:#555;margin:.2rem 0}table{border-collapse:collapse;width:100%;margin:.4rem 0}
th,td{border-bottom:1px solid #e3e3e3;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{font-size:.8rem;color:#666}tr.disagree td{background:#fff1f0}
.note{color:#a11;font-weight:600}.count{font-weight:700;white-space:nowrap}
blockquote{margin:.1rem 0;color:#555;font-size:.85rem;border-left:3px solid #ddd;padding-left:.4rem}
.unverified{color:#a60;font-size:.8rem}.as-written{color:#666}#articles li{margin:.3rem 0}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _href(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://")) else None


def _figure_rows(flow: Flow, anchors: dict[str, str]) -> list[str]:
    rows = []
    css = ' class="disagree"' if flow.disagreement else ""
    for i, f in enumerate(flow.figures):
        head = ""
        if i == 0:
            span = len(flow.figures)
            head = (f'<td rowspan="{span}">{_e(flow.from_)} → {_e(flow.to)}</td>'
                    f'<td rowspan="{span}">{_e(flow.category.replace("_", " "))}</td>')
        said = _e(f.source_label) + (" <small>(article's own voice)</small>" if f.own_voice
                                     else "")
        if f.said_by != f.source_label:  # the label, and the article's own words beside it
            said += f' <small class="as-written">(as written: {_e(f.said_by)})</small>'
        flag = ' <span class="unverified">unverified</span>' if f.unverified else ""
        rows.append(
            f"<tr{css}>{head}<td class=\"count\">{_e(f.phrase())}{flag}</td><td>{said}"
            f"<blockquote>{_e(f.evidence)}</blockquote></td>"
            f'<td><a href="#{anchors[f.article_id]}">{_e(f.article_id)}</a></td></tr>'
        )
    if flow.disagreement:
        rows.append(f'<tr class="disagree"><td colspan="5" class="note">Sources disagree: '
                    f"{_e(flow.disagreement_note())}</td></tr>")
    return rows


def _links_html(x: Exchange, links: list[Link]) -> str:
    parts = []
    for k in links:
        if k.later == x.exchange_id:
            parts.append(f'follows <a href="#x-{_e(k.earlier)}">{_e(k.earlier)}</a> '
                         f"({_e(k.kind.replace('_', ' '))}: {_e(k.reason)})")
        elif k.earlier == x.exchange_id:
            parts.append(f'followed by <a href="#x-{_e(k.later)}">{_e(k.later)}</a>')
    return f'<p class="links">{"; ".join(parts)}</p>' if parts else ""


def _exchange_html(x: Exchange, links: list[Link], anchors: dict[str, str]) -> str:
    css = f"exchange status-{_e(x.status)}" + (" has-disagreement" if x.disagreements else "")
    when = x.window.describe()
    time = (f'<time datetime="{_e(x.date.isoformat())}">{_e(when)}</time>' if x.date
            else _e(when))
    meta = [f"{len(x.article_ids)} article{'s' if len(x.article_ids) != 1 else ''}"]
    for label, values in (("mediators", x.mediators), ("location", x.locations),
                          ("agreement", x.agreements)):
        if values:
            meta.append(f"{label}: {_e(', '.join(values))}")
    rows = [r for flow in x.flows for r in _figure_rows(flow, anchors)]
    return (
        f'<article class="{css}" id="x-{_e(x.exchange_id)}" data-exchange="{_e(x.exchange_id)}">'
        f"<h3>{time} · {_e(' – '.join(x.sides))} <span class=\"badge\">{_e(x.status)}</span>"
        f"</h3><p class=\"meta\">{_e(x.exchange_id)} · {' · '.join(meta)}</p>"
        f"{_links_html(x, links)}"
        "<table><thead><tr><th>from → to</th><th>what</th><th>figure</th><th>said by</th>"
        f"<th>article</th></tr></thead><tbody>{''.join(rows)}</tbody></table></article>"
    )


def _period(x: Exchange) -> str:
    return x.window.start.strftime("%Y-%m") if x.window.start else "date unknown"


def render_timeline(dataset: Dataset, title: str = "Exchanges") -> str:
    """The whole page as a string (UTF-8 when written)."""
    anchors = {a.article_id: f"a-{i}" for i, a in enumerate(dataset.articles, start=1)}
    flagged = sum(len(x.disagreements) for x in dataset.exchanges)
    sections = []
    for period, group in groupby(dataset.exchanges, key=_period):
        body = "".join(_exchange_html(x, dataset.links, anchors) for x in group)
        sections.append(f"<section><h2>{_e(period)}</h2>{body}</section>")
    articles = []
    for a in dataset.articles:
        href = _href(a.source)
        where = (f'<a href="{_e(href)}" rel="noreferrer">{_e(a.source)}</a>' if href
                 else _e(a.source or "source not given"))
        published = a.published.isoformat() if a.published else "date not given"
        articles.append(f'<li id="{anchors[a.article_id]}"><strong>{_e(a.article_id)}</strong>'
                        f" — {_e(a.headline)} ({_e(published)}) — {where}</li>")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{_e(title)}</h1><p id=\"totals\">{len(dataset.exchanges)} exchanges from "
        f"{len(dataset.articles)} articles · {flagged} flows where sources disagree · "
        f"{len(dataset.links)} links between stages</p></header><main>{''.join(sections)}"
        f'<section id="articles"><h2>Articles</h2><ol>{"".join(articles)}</ol></section>'
        "</main></body></html>\n"
    )
