"""The one-call prompts (``prompts/v1/``): chat messages for an article and for a summary fix.

The constant part (system prompt with the worked example) comes first and the
article last, so a server with a prompt cache reuses the prefix across articles.
"""

from __future__ import annotations

import hashlib
from functools import cache
from string import Template

from summarizer.prompts import read_prompt
from summarizer.schemas import Article

PROMPT_VERSION = "v1"


def messages(article: Article, version: str = PROMPT_VERSION) -> list[dict[str, str]]:
    """Chat messages for one article (its text already cleaned of page clutter)."""
    user = Template(read_prompt(version, "user.txt")).substitute(
        source=article.source or "unknown",
        published=article.published.isoformat() if article.published else "unknown",
        article=article.text.strip(),
    )
    return [
        {"role": "system", "content": read_prompt(version, "system.txt").strip()},
        {"role": "user", "content": user.strip()},
    ]


def summary_fix_messages(
    article: Article, records: str, problems: list[str], version: str = PROMPT_VERSION
) -> list[dict[str, str]]:
    """Messages for the small call that repairs a summary without re-extracting."""
    user = Template(read_prompt(version, "summary.txt")).substitute(
        problems="\n".join(f"- {p}" for p in problems),
        records=records,
        article=article.text.strip(),
    )
    return [{"role": "user", "content": user.strip()}]


@cache
def prompt_hash(version: str = PROMPT_VERSION) -> str:
    """Changes whenever a prompt file of this version is edited (cache key, provenance)."""
    digest = hashlib.sha256()
    for name in ("system.txt", "user.txt", "summary.txt"):
        digest.update(read_prompt(version, name).encode())
    return digest.hexdigest()[:12]
