"""Prompts are versioned files in ``prompts/<version>/``; this renders them.

The constant part (system prompt with the worked example) comes first and the
article last, so a server with a prompt cache reuses the prefix across articles.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from string import Template

from summarizer.schemas import Article

PROMPT_VERSION = "v1"


def prompts_dir() -> Path:
    """Installed wheels carry prompts inside the package; a checkout keeps them at the top."""
    packaged = Path(__file__).parent / "prompts"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "prompts"


@cache
def _load(version: str, name: str) -> str:
    return (prompts_dir() / version / name).read_text("utf-8")


def render(article: Article, version: str = PROMPT_VERSION) -> list[dict[str, str]]:
    """Chat messages for one article (its text already cleaned of page clutter)."""
    user = Template(_load(version, "user.txt")).substitute(
        source=article.source or "unknown",
        published=article.published.isoformat() if article.published else "unknown",
        article=article.text.strip(),
    )
    return [
        {"role": "system", "content": _load(version, "system.txt").strip()},
        {"role": "user", "content": user.strip()},
    ]


def render_summary_fix(
    article: Article, records: str, problems: list[str], version: str = PROMPT_VERSION
) -> list[dict[str, str]]:
    """Messages for the small call that repairs a summary without re-extracting."""
    user = Template(_load(version, "summary.txt")).substitute(
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
        digest.update(_load(version, name).encode())
    return digest.hexdigest()[:12]
