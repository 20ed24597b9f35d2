"""Where the versioned prompt files live (``prompts/<version>/``), for every extractor."""

from __future__ import annotations

from functools import cache
from pathlib import Path


def prompts_dir() -> Path:
    """Installed wheels carry prompts inside the package; a checkout keeps them at the top."""
    packaged = Path(__file__).parent / "prompts"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "prompts"


@cache
def read_prompt(version: str, name: str) -> str:
    return (prompts_dir() / version / name).read_text("utf-8")
