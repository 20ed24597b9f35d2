"""The validation context our answer models read (the checks a call wants run on them).

It travels in a context variable, not in instructor's ``context=``: instructor also
renders every message as a Jinja2 template when given a context, which would mangle an
article containing ``{{``, ``{%`` or ``{#`` (or crash on it) before the model saw it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pydantic import ValidationInfo

_CURRENT: ContextVar[dict[str, Any] | None] = ContextVar("validation_context", default=None)


@contextmanager
def validation_context(context: dict[str, Any] | None) -> Iterator[None]:
    """Make *context* what the answer validators see in this thread, for the block."""
    token = _CURRENT.set(context)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def context_of(info: ValidationInfo) -> dict[str, Any]:
    """An explicit ``model_validate(..., context=)`` wins; else the surrounding block's."""
    return info.context or _CURRENT.get() or {}


Check = Callable[[Any], list[str]]


def raise_problems(answer: Any, info: ValidationInfo, intro: str) -> None:
    """Run the ``check`` the context carries on *answer*; its problems, numbered under
    *intro*, become the validation error the model is re-asked with. No check (a lenient
    parse, a salvaged answer): shape only."""
    check: Check | None = context_of(info).get("check")
    if check is None:
        return
    problems = check(answer)
    if problems:
        listing = "\n".join(f"{i}. {p}" for i, p in enumerate(problems, start=1))
        raise ValueError(f"{intro}\n{listing}")
