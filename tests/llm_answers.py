"""One builder for the transfer rows tests put in scripted LLM answers (LLMTransfer shape)."""

from __future__ import annotations

from typing import Any


def transfer_row(
    evidence: str, frm: str, to: str, count: int | None, **fields: Any
) -> dict[str, Any]:
    """A completed, exact, unattributed transfer of remains unless *fields* say otherwise."""
    return {
        "evidence": evidence,
        "handed_over_by": frm,
        "received_by": to,
        "category": "remains",
        "count": count,
        "qualifier": "exact",
        "reported_by": [],
        "unverified": False,
        "status": "completed",
        "when": None,
        "mediators": [],
        "location": None,
        **fields,
    }
