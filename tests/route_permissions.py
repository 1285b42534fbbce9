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


def team_psw(review_id: int, **overrides: int | str) -> dict[str, int | str]:
    """The coordinator and a PSW on the review's team; a PSW elsewhere gets 404, other roles 403."""
    psw_on = {1: 200, 2: 404, 3: 200}[review_id]
    return {**everyone(403), "coordinator": 200, "psw": psw_on, **overrides}


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
    # Reviews: the coordinator sets them up; PSWs on a review manage its people to talk to.
    Case("reviews.index", coordinator_only()),
    Case("reviews.new", coordinator_only()),
    Case("reviews.edit", coordinator_only(), {"review_id": 1}),
    Case("reviews.edit", coordinator_only(404), {"review_id": 9999}),
    *[
        Case(endpoint, team_psw(review_id), {"review_id": review_id})
        for endpoint in ("reviews.add_person", "reviews.import_people", "reviews.people_template")
        for review_id in (1, 2)
    ],
    Case("reviews.export_people", team_psw(1), {"review_id": 1}),
    Case("reviews.export_people", team_psw(2), {"review_id": 2}),
    Case("reviews.assign", team_psw(1), {"review_id": 1, "participant_id": 1}),
    Case("reviews.assign", team_psw(3, coordinator=404, psw=404), {"review_id": 3, "participant_id": 1}),
    Case("reviews.assign", team_psw(2, coordinator=404), {"review_id": 2, "participant_id": 1}),
    Case("reviews.not_held", team_psw(1), {"review_id": 1, "participant_id": 1}),
    Case("reviews.not_held", team_psw(2, coordinator=404), {"review_id": 2, "participant_id": 1}),
    Case("reviews.not_held", team_psw(1, coordinator=404, psw=404), {"review_id": 1, "participant_id": 5}),
    # People: only the coordinator; anyone may open an invitation link.
    Case("people.index", coordinator_only()),
    Case("people.invite", coordinator_only()),
    Case("people.show", coordinator_only(), {"user_id": 2}),
    Case("people.show", coordinator_only(404), {"user_id": 9999}),
    Case("people.accept_invite", everyone(404, anon=404), {"token": "no-such-token"}),
    Case("people.team_page", coordinator_only(), {"review_id": 1}),
    Case("people.team_page", coordinator_only(), {"review_id": 2}),
    Case("people.team_page", coordinator_only(404), {"review_id": 9999}),
    Case("people.new_link", coordinator_only(302), {"user_id": 3}, method="POST"),
    Case("people.deactivate", coordinator_only(302), {"user_id": 6}, method="POST"),
    Case("people.reactivate", coordinator_only(302), {"user_id": 6}, method="POST"),
    Case("people.remove_member", coordinator_only(404), {"review_id": 1, "user_id": 9999}, method="POST"),
    Case("people.remove_member", coordinator_only(302), {"review_id": 2, "user_id": 3}, method="POST"),
]
