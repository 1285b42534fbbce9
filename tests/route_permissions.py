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


def only(role: str, outcome: int | str) -> dict[str, int | str]:
    """Only this role may reach the route (with `outcome`); the other roles are refused."""
    return {**everyone(403), role: outcome}


def team(psw: int | str, coordinator: int | str) -> dict[str, int | str]:
    """A route for the review team: PSWs on the review and coordinators."""
    return {**everyone(403), "psw": psw, "coordinator": coordinator}


COORDINATOR_AND_CONTACT = {**everyone(403), "coordinator": 200, "authority_contact": 200}
CONTACT_ONLY = only("authority_contact", 200)


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
    # Guides: pictures and their attribution are public; guides and packs are for anyone signed in.
    Case("guides.picture", everyone(200, anon=200), {"code": "1F4AC"}),
    Case("guides.picture", everyone(404, anon=404), {"code": "NOT-A-PICTURE"}),
    Case("guides.about_pictures", everyone(200, anon=200)),
    Case("guides.index", everyone(200)),
    Case("guides.show", everyone(200), {"slug": "your-care-and-support"}),
    Case("guides.show", everyone(404), {"slug": "no-such-guide"}),
    Case("guides.pack_form", everyone(200), {"slug": "caring-for-someone"}),
    Case("guides.pack_form", everyone(404), {"slug": "no-such-guide"}),
    # Guide requests. Demo: 1 Birmingham (ready), 2 Birmingham (requested), 3 Coventry (in progress).
    Case("requests.index", {ANON: LOGIN, **COORDINATOR_AND_CONTACT}),
    Case("requests.new", {ANON: LOGIN, **CONTACT_ONLY}),
    Case("requests.show", {ANON: LOGIN, **COORDINATOR_AND_CONTACT}, {"request_id": 1}),
    Case(
        "requests.show", {ANON: LOGIN, **COORDINATOR_AND_CONTACT, "authority_contact": 404}, {"request_id": 3}
    ),
    Case(
        "requests.show",
        {ANON: LOGIN, **COORDINATOR_AND_CONTACT, "coordinator": 404, "authority_contact": 404},
        {"request_id": 9999},
    ),
    Case(
        "requests.update_status",
        {ANON: LOGIN, **dict.fromkeys(ROLES, 403), "coordinator": 400},
        {"request_id": 3},
        method="POST",
    ),
    Case(
        "requests.download",
        {ANON: LOGIN, **COORDINATOR_AND_CONTACT},
        {"request_id": 1, "code": "ur", "fmt": "html", "size": "standard"},
    ),
    Case(
        "requests.download",
        {ANON: LOGIN, **COORDINATOR_AND_CONTACT, "coordinator": 404, "authority_contact": 404},
        {"request_id": 2, "code": "ur", "fmt": "html"},
    ),
    Case(
        "requests.download",
        {ANON: LOGIN, **COORDINATOR_AND_CONTACT, "coordinator": 404, "authority_contact": 404},
        {"request_id": 3, "code": "en", "fmt": "html"},  # not ready yet, and not the contact's council
    ),
    # Conversations (capture). Demo: 1 Birmingham held by expert@ (not started), 2 Birmingham held by
    # expert2@ (submitted, with an open concern 1), 7 Wolverhampton held by expert@ (psw@ is not on it).
    # GETs first; the POSTs that change something come last.
    *[
        Case(endpoint, only("expert_by_experience", outcome), {"conversation_id": 1, **extra})
        for endpoint, outcome, extra in [
            ("capture.prepare", 200, {}),
            ("capture.presence", 302, {}),
            ("capture.consent", 302, {}),
            ("capture.ended", 302, {}),
            ("capture.questions", 302, {}),
            ("capture.question", 302, {"key": "any"}),
            ("capture.check", 302, {}),
            ("capture.finished", 302, {}),
            ("capture.worried", 200, {}),
            ("capture.worried_saved", 200, {}),
        ]
    ],
    *[
        Case(endpoint, only("expert_by_experience", 404), {"conversation_id": 2, **extra})
        for endpoint, extra in [
            ("capture.prepare", {}),
            ("capture.presence", {}),
            ("capture.question", {"key": "any"}),
            ("capture.check", {}),
            ("capture.worried", {}),
        ]
    ],
    Case("capture.prepare", only("expert_by_experience", 404), {"conversation_id": 9999}),
    Case("capture.view", team(200, 200), {"conversation_id": 2}),
    Case("capture.view", team(404, 200), {"conversation_id": 7}),
    Case("capture.view", team(404, 404), {"conversation_id": 9999}),
    Case("capture.withdraw", team(200, 200), {"conversation_id": 2}),
    Case("capture.withdraw", team(404, 200), {"conversation_id": 7}),
    Case("capture.concern_action", team(200, 200), {"conversation_id": 2, "concern_id": 1}, "POST"),
    Case("capture.concern_action", team(404, 404), {"conversation_id": 2, "concern_id": 999}, "POST"),
    Case("capture.concern_action", team(404, 404), {"conversation_id": 7, "concern_id": 1}, "POST"),
    Case("capture.reopen", team(404, 302), {"conversation_id": 7}, "POST"),
    Case(
        "capture.autosave", only("expert_by_experience", 404), {"conversation_id": 1, "key": "nope"}, "POST"
    ),
    Case(
        "capture.autosave", only("expert_by_experience", 404), {"conversation_id": 2, "key": "nope"}, "POST"
    ),
    Case("capture.submit", only("expert_by_experience", 404), {"conversation_id": 2}, "POST"),
    Case("capture.submit", only("expert_by_experience", 302), {"conversation_id": 1}, "POST"),
    Case("capture.start", only("expert_by_experience", 404), {"conversation_id": 2}, "POST"),
    Case("capture.start", only("expert_by_experience", 302), {"conversation_id": 1}, "POST"),
    Case("capture.easy_read", everyone(302), method="POST"),
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
