"""Who may reach each route: the table the route test checks every URL rule against.

A new route without a row here fails `test_every_route_has_a_row`. Outcomes are a status code,
or LOGIN for a redirect to the sign-in page. Demo review ids: 1 Birmingham (the demo PSW,
expert and council contact are on it), 2 Wolverhampton (expert only), 3 Coventry (PSW only).
"""

from __future__ import annotations

from dataclasses import dataclass, field

LOGIN = "login"
ANON = "anon"
ROLES = ("coordinator", "psw", "expert_by_experience", "authority_contact")


def everyone(outcome: int | str, anon: int | str = LOGIN) -> dict[str, int | str]:
    return {ANON: anon, **dict.fromkeys(ROLES, outcome)}


@dataclass(frozen=True)
class Case:
    endpoint: str
    expect: dict[str, int | str]
    args: dict[str, object] = field(default_factory=dict)
    method: str = "GET"


CASES = [
    Case("home.index", everyone(200)),
    Case("home.help", everyone(200, anon=200)),
    Case("home.healthz", everyone(200, anon=200)),
    Case("auth.login", {ANON: 200, **dict.fromkeys(ROLES, 302)}),
    Case("auth.logout", everyone(302), method="POST"),
    Case("auth.signed_out", everyone(200, anon=200)),
    Case("reviews.show", everyone(200), {"review_id": 1}),
    Case(
        "reviews.show",
        {ANON: LOGIN, "coordinator": 200, "psw": 404, "expert_by_experience": 200, "authority_contact": 404},
        {"review_id": 2},
    ),
    Case(
        "reviews.show",
        {ANON: LOGIN, "coordinator": 200, "psw": 200, "expert_by_experience": 404, "authority_contact": 404},
        {"review_id": 3},
    ),
    Case("reviews.show", everyone(404), {"review_id": 9999}),
]


# The findings area. Coventry (review 3) is the demo's finished review: its conversations are 3001-3008,
# its codebook's themes 16-30, findings 1-4 signed off and 5 a draft.
def outcomes(
    coordinator: int | str, psw: int | str, expert: int | str, contact: int | str
) -> dict[str, int | str]:
    return {
        ANON: LOGIN,
        "coordinator": coordinator,
        "psw": psw,
        "expert_by_experience": expert,
        "authority_contact": contact,
    }


TEAM_ON_3 = outcomes(200, 200, 403, 403)
TEAM_ON_2 = outcomes(200, 404, 403, 403)
CASES += [
    *(
        Case(f"findings.{name}", expect, {"review_id": review})
        for name in ("dashboard", "equity", "coding", "compare", "codebook")
        for review, expect in ((3, TEAM_ON_3), (2, TEAM_ON_2))
    ),
    Case("findings.code", TEAM_ON_3, {"review_id": 3, "conversation_id": 3001}),
    Case("findings.code", outcomes(404, 404, 403, 403), {"review_id": 2, "conversation_id": 3001}),
    Case("findings.code", outcomes(400, 400, 403, 403), {"review_id": 3, "conversation_id": 3001}, "POST"),
    Case(
        "findings.uncode",
        outcomes(302, 302, 403, 403),
        {"review_id": 3, "conversation_id": 3001, "coding_id": 999999},
        "POST",
    ),
    Case("findings.theme", TEAM_ON_3, {"review_id": 3, "theme_id": 16}),
    Case("findings.theme", outcomes(404, 404, 403, 403), {"review_id": 1, "theme_id": 16}),
    Case("findings.theme_merge", outcomes(302, 302, 403, 403), {"review_id": 3, "theme_id": 16}, "POST"),
    Case("findings.theme_merge", outcomes(404, 404, 403, 403), {"review_id": 1, "theme_id": 16}, "POST"),
    Case("findings.index", everyone(200), {"review_id": 1}),
    Case("findings.index", outcomes(200, 200, 404, 404), {"review_id": 3}),
    Case("findings.index", outcomes(200, 404, 200, 404), {"review_id": 2}),
    Case("findings.new", outcomes(200, 200, 200, 403), {"review_id": 1}),
    Case("findings.new", outcomes(200, 200, 404, 403), {"review_id": 3}),
    Case("findings.show", outcomes(200, 200, 404, 404), {"review_id": 3, "finding_id": 1}),
    Case("findings.edit", outcomes(200, 200, 404, 403), {"review_id": 3, "finding_id": 5}),
    Case("findings.edit", outcomes(403, 403, 404, 403), {"review_id": 3, "finding_id": 1}),
    Case("findings.edit", outcomes(404, 404, 404, 403), {"review_id": 1, "finding_id": 5}),
    Case("findings.show", everyone(404), {"review_id": 1, "finding_id": 1}),
    Case("findings.evidence", TEAM_ON_3, {"review_id": 3, "finding_id": 5}),
    Case("findings.evidence", outcomes(403, 403, 403, 403), {"review_id": 3, "finding_id": 1}),
    Case("findings.evidence", outcomes(404, 404, 403, 403), {"review_id": 1, "finding_id": 5}),
    Case(
        "findings.evidence_remove",
        outcomes(302, 302, 403, 403),
        {"review_id": 3, "finding_id": 5, "evidence_id": 999999},
        "POST",
    ),
    Case(
        "findings.evidence_remove",
        outcomes(404, 404, 403, 403),
        {"review_id": 1, "finding_id": 5, "evidence_id": 999999},
        "POST",
    ),
    Case("findings.sign_off", outcomes(403, 404, 403, 403), {"review_id": 3, "finding_id": 999999}, "POST"),
    Case("findings.sign_off", outcomes(403, 404, 403, 403), {"review_id": 2, "finding_id": 5}, "POST"),
    Case("findings.follow_up", outcomes(403, 403, 403, 404), {"review_id": 3, "finding_id": 3}),
    Case("findings.follow_up", outcomes(403, 403, 403, 404), {"review_id": 1, "finding_id": 3}),
    Case("findings.export", outcomes(200, 200, 403, 200), {"review_id": 1, "format": "docx"}),
    Case("findings.export", outcomes(200, 200, 403, 403), {"review_id": 1, "format": "csv"}),
    Case("findings.export", outcomes(200, 200, 404, 404), {"review_id": 3, "format": "qdpx"}),
    Case("findings.export", everyone(404), {"review_id": 1, "format": "pdf"}),
    Case("findings.overdue", outcomes(200, 403, 403, 403)),
    Case("findings.regional", outcomes(200, 403, 403, 403)),
    Case("findings.regional_csv", outcomes(200, 403, 403, 403), {"format": "csv"}),
]
