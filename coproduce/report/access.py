"""Who may read which version of a review's report, at which stage. The council sees nothing of the
report (or of any finding) before factual accuracy; the public only a published report."""

from __future__ import annotations

from typing import Any

from coproduce.auth import Role, User
from coproduce.codes import AUDIENCES, COUNCIL_STAGES


def audiences(user: User | None, review: dict[str, Any]) -> list[str]:
    """The versions of the report this person may read now ([] for none). `review` is already
    scoped to the person with `reviews.data.review_for`; None is someone not signed in."""
    stage = review["report_stage"]
    if user is None:
        return ["public"] if stage == "published" else []
    if user.role in (Role.COORDINATOR, Role.PSW):
        return list(AUDIENCES)
    if user.role == Role.EXPERT_BY_EXPERIENCE:
        return ["team"] if stage != "draft" else []
    return ["council", "public"] if stage in COUNCIL_STAGES else []
