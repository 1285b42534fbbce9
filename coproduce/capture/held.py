"""Which conversations count, as SQL the later steps build on: held (submitted) and not withdrawn.

`c` is the conversation and `p` its participant in every fragment."""

from __future__ import annotations

# Conversations whose content counts: held, submitted, and not withdrawn.
HELD = "c.status = 'submitted' AND c.withdrawn_at IS NULL"


FROM_REVIEW = "conversations c JOIN participants p ON p.id = c.participant_id"


def joined(on: str) -> str:
    """Join the conversation (c) that the column `on` names, and its participant (p)."""
    return f"JOIN conversations c ON c.id = {on} JOIN participants p ON p.id = c.participant_id"
