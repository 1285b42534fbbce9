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


def coordinator_only(outcome: int | str = 200) -> dict[str, int | str]:
    return {**everyone(403), "coordinator": outcome}


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
    Case("auth.extend_session", everyone(302), method="POST"),
    Case("auth.two_factor", {ANON: 302, **dict.fromkeys(ROLES, 302)}),
    Case("auth.account_two_factor", everyone(200)),
    Case("auth.account_two_factor", everyone(200), method="POST"),
    Case("auth.account_two_factor_off", everyone(302), method="POST"),
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
    # Privacy (issue 8): the coordinator's audit log, retention, subject access, two-factor setting.
    Case("privacy.notice", everyone(200, anon=200)),
    Case("privacy.index", coordinator_only()),
    Case("privacy.audit", coordinator_only()),
    Case("privacy.audit_export", coordinator_only()),
    Case("privacy.retention", coordinator_only()),
    Case("privacy.retention_edit", coordinator_only(), {"review_id": 1}),
    Case("privacy.retention_edit", coordinator_only(), {"review_id": 2}),
    Case("privacy.retention_edit", coordinator_only(404), {"review_id": 9999}),
    Case("privacy.retention_edit", coordinator_only(302), {"review_id": 3}, method="POST"),
    Case("privacy.subject_access", coordinator_only()),
    Case("privacy.subject_access", coordinator_only(), method="POST"),
    Case("privacy.two_factor_roles", coordinator_only()),
    Case("privacy.two_factor_roles", coordinator_only(302), method="POST"),
    Case("privacy.two_factor_reset", coordinator_only()),
    Case("privacy.two_factor_reset", coordinator_only(), method="POST"),
]
