"""Who may reach each route: the table the route test checks every URL rule against.

A new route without a row here fails `test_every_route_has_a_row`. Outcomes are a status code,
or LOGIN for a redirect to the sign-in page. Demo review ids: 1 Birmingham (the demo PSW,
expert and council contact are on it), 2 Wolverhampton (expert only), 3 Coventry (PSW only),
6 Walsall (PSW and expert; its report at factual accuracy).
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
    Case("home.service_worker", everyone(200, anon=200)),
    Case("auth.login", {ANON: 200, **dict.fromkeys(ROLES, 302)}),
    Case("auth.logout", everyone(302), method="POST"),
    Case("auth.signed_out", everyone(200, anon=200)),
    Case("auth.extend_session", everyone(302), method="POST"),
    Case("auth.extend_session", everyone(302)),
    Case("auth.session_status", everyone(200)),
    Case("auth.session_token", everyone(200)),
    Case("auth.two_factor", {ANON: 302, **dict.fromkeys(ROLES, 302)}),
    Case("auth.account_two_factor", everyone(200)),
    Case("auth.account_two_factor", everyone(200), method="POST"),
    Case("auth.account_two_factor_off", everyone(200), method="POST"),  # no password: the page says so
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
        {"request_id": 1, "code": "ur", "fmt": "html", "size": "standard", "interpreter": "telephone"},
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
            ("capture.person_pack", 200, {}),
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
            ("capture.person_pack", {}),
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
    Case("capture.offline_copies", only("expert_by_experience", 200)),
    Case("capture.offline", only("expert_by_experience", 200)),
    Case("capture.offline_copy", only("expert_by_experience", 200), {"conversation_id": 1}),
    Case("capture.offline_copy", only("expert_by_experience", 404), {"conversation_id": 2}),
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
        Case(f"analysis.{name}", expect, {"review_id": review})
        for name in ("dashboard", "equity", "coding", "compare", "codebook")
        for review, expect in ((3, TEAM_ON_3), (2, TEAM_ON_2))
    ),
    Case("analysis.code", TEAM_ON_3, {"review_id": 3, "conversation_id": 3001}),
    Case("analysis.code", outcomes(404, 404, 403, 403), {"review_id": 2, "conversation_id": 3001}),
    Case("analysis.code", outcomes(400, 400, 403, 403), {"review_id": 3, "conversation_id": 3001}, "POST"),
    Case(
        "analysis.uncode",
        outcomes(302, 302, 403, 403),
        {"review_id": 3, "conversation_id": 3001, "coding_id": 999999},
        "POST",
    ),
    Case("analysis.theme", TEAM_ON_3, {"review_id": 3, "theme_id": 16}),
    Case("analysis.theme", outcomes(404, 404, 403, 403), {"review_id": 1, "theme_id": 16}),
    Case("analysis.theme_merge", outcomes(302, 302, 403, 403), {"review_id": 3, "theme_id": 16}, "POST"),
    Case("analysis.theme_merge", outcomes(404, 404, 403, 403), {"review_id": 1, "theme_id": 16}, "POST"),
    Case("findings.index", everyone(200), {"review_id": 1}),
    Case("findings.index", outcomes(200, 200, 404, 404), {"review_id": 3}),
    Case("findings.index", outcomes(200, 404, 200, 404), {"review_id": 2}),
    Case("findings.new", outcomes(200, 200, 200, 403), {"review_id": 1}),
    Case("findings.new", outcomes(403, 403, 404, 403), {"review_id": 3}),  # published: settled
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
    Case("findings.sign_off", outcomes(403, 403, 403, 403), {"review_id": 3, "finding_id": 5}),
    Case("findings.sign_off", outcomes(403, 403, 403, 403), {"review_id": 3, "finding_id": 999999}, "POST"),
    Case("findings.sign_off", outcomes(403, 404, 403, 403), {"review_id": 2, "finding_id": 5}, "POST"),
    Case("followup.record", outcomes(403, 403, 403, 404), {"review_id": 3, "finding_id": 3}),
    Case("followup.record", outcomes(403, 403, 403, 404), {"review_id": 1, "finding_id": 3}),
    # The report. Birmingham (1) is at draft: nobody outside the team sees it, nor an expert by
    # experience yet. Coventry (3) is published. Walsall (6) is at factual accuracy, with council
    # comments 5 and 6 still open; its findings are 6-8. The demo council contact is Birmingham's.
    Case("report.export", outcomes(200, 200, 404, 404), {"review_id": 1, "format": "docx"}),
    Case("report.export", outcomes(200, 200, 403, 403), {"review_id": 1, "format": "csv"}),
    Case("report.export", outcomes(200, 200, 404, 404), {"review_id": 3, "format": "qdpx"}),
    Case("report.export", outcomes(200, 200, 404, 404), {"review_id": 1, "format": "pdf"}),
    Case("report.export", everyone(404), {"review_id": 1, "format": "odt"}),
    Case(
        "report.export",
        outcomes(200, 200, 403, 404),
        {"review_id": 6, "format": "docx", "audience": "council"},
    ),
    Case("report.show", outcomes(200, 200, 404, 404), {"review_id": 1}),
    Case("report.show", outcomes(200, 200, 404, 404), {"review_id": 3}),
    Case("report.show", outcomes(200, 200, 200, 404), {"review_id": 6}),
    Case("report.show", outcomes(200, 200, 403, 404), {"review_id": 6, "audience": "public"}),
    Case("report.published", everyone(200, anon=200), {"review_id": 3}),
    Case("report.published", everyone(404, anon=404), {"review_id": 6}),
    Case("report.published_download", everyone(200, anon=200), {"review_id": 3, "format": "docx"}),
    Case("report.published_download", everyone(404, anon=404), {"review_id": 6, "format": "docx"}),
    Case("report.stage", outcomes(403, 403, 403, 404), {"review_id": 3}, "POST"),
    Case("report.stage", outcomes(403, 404, 403, 404), {"review_id": 2}, "POST"),
    Case("report.comment", outcomes(403, 403, 403, 404), {"review_id": 6, "finding_id": 7}),
    Case("report.comment", outcomes(403, 403, 404, 404), {"review_id": 3, "finding_id": 1}),
    Case("report.respond", outcomes(200, 200, 403, 403), {"review_id": 6, "comment_id": 5}),
    Case("report.respond", outcomes(403, 403, 403, 403), {"review_id": 3, "comment_id": 1}),
    Case("report.respond", outcomes(404, 404, 403, 403), {"review_id": 6, "comment_id": 1}),
    Case("report.quotes", outcomes(200, 200, 403, 403), {"review_id": 6}),
    Case("report.quotes", outcomes(403, 403, 403, 403), {"review_id": 3}, "POST"),
    Case("report.approve", outcomes(403, 302, 302, 403), {"review_id": 6}, "POST"),
    Case("report.approve", outcomes(403, 403, 404, 403), {"review_id": 3}, "POST"),
    Case("report.named", outcomes(403, 403, 302, 403), {"review_id": 6}, "POST"),
    Case("report.reopen", outcomes(403, 403, 403, 403), {"review_id": 3, "finding_id": 1}),
    Case("report.reopen", outcomes(403, 403, 403, 403), {"review_id": 6, "finding_id": 6}),
    Case("followup.plan", outcomes(200, 200, 404, 404), {"review_id": 3}),
    Case("followup.plan", outcomes(404, 404, 404, 404), {"review_id": 6}),
    Case("followup.decide", outcomes(403, 403, 403, 404), {"review_id": 3, "finding_id": 3}),
    Case("followup.six_months", outcomes(403, 200, 403, 403), {"review_id": 3}),
    Case("followup.six_months", outcomes(403, 404, 403, 403), {"review_id": 6}),
    Case("followup.letters", outcomes(200, 200, 403, 404), {"review_id": 3}),
    Case("followup.letter", outcomes(200, 200, 403, 404), {"review_id": 3, "conversation_id": 3001}),
    Case("followup.letter", outcomes(404, 404, 403, 404), {"review_id": 3, "conversation_id": 1}),
    Case("followup.overdue", outcomes(200, 403, 403, 403)),
    # Every other source of a review (Coventry's audits, sessions and document have ids from 3001;
    # the demo PSW audits 3001, the second PSW 3003).
    Case("audits.index", TEAM_ON_3, {"review_id": 3}),
    Case("audits.index", TEAM_ON_2, {"review_id": 2}),
    Case("audits.index", TEAM_ON_3, {"review_id": 3}, "POST"),
    Case("audits.focus", outcomes(400, 400, 403, 403), {"review_id": 3}, "POST"),
    Case("audits.focus", outcomes(400, 404, 403, 403), {"review_id": 2}, "POST"),
    Case("audits.edit", outcomes(403, 200, 403, 403), {"review_id": 3, "audit_id": 3001}),
    Case("audits.edit", outcomes(403, 403, 403, 403), {"review_id": 3, "audit_id": 3003}),
    Case("audits.edit", outcomes(403, 404, 403, 403), {"review_id": 1, "audit_id": 3001}),
    Case("audits.record", TEAM_ON_3, {"review_id": 3, "audit_id": 3002}),
    Case("audits.record", outcomes(404, 404, 403, 403), {"review_id": 1, "audit_id": 3002}),
    Case("analysis.code_source", TEAM_ON_3, {"review_id": 3, "kind": "audit", "document_id": 3001}),
    Case("analysis.code_source", TEAM_ON_3, {"review_id": 3, "kind": "session", "document_id": 3001}),
    Case("analysis.code_source", TEAM_ON_3, {"review_id": 3, "kind": "self-assessment", "document_id": 3}),
    Case(
        "analysis.code_source",
        outcomes(404, 404, 403, 403),
        {"review_id": 2, "kind": "self-assessment", "document_id": 2},
    ),
    Case(
        "analysis.code_source",
        outcomes(404, 404, 403, 403),
        {"review_id": 1, "kind": "audit", "document_id": 3001},
    ),
    Case(
        "analysis.code_source",
        outcomes(400, 400, 403, 403),
        {"review_id": 3, "kind": "audit", "document_id": 3001},
        "POST",
    ),
    Case(
        "analysis.uncode_source",
        outcomes(302, 302, 403, 403),
        {"review_id": 3, "kind": "session", "document_id": 3001, "coding_id": 999999},
        "POST",
    ),
    Case(
        "findings.evidence_remove",
        outcomes(302, 302, 403, 403),
        {"review_id": 3, "finding_id": 5, "evidence_id": 999999, "other_source": True},
        "POST",
    ),
    Case(
        "findings.evidence_remove",
        outcomes(403, 403, 403, 403),
        {"review_id": 3, "finding_id": 1, "evidence_id": 999999, "other_source": True},
        "POST",
    ),
    Case("sessions.index", TEAM_ON_3, {"review_id": 3}),
    Case("sessions.index", TEAM_ON_2, {"review_id": 2}),
    Case("sessions.new", TEAM_ON_3, {"review_id": 3}),
    Case("sessions.new", TEAM_ON_2, {"review_id": 2}),
    Case("sessions.edit", TEAM_ON_3, {"review_id": 3, "session_id": 3001}),
    Case("sessions.edit", outcomes(404, 404, 403, 403), {"review_id": 1, "session_id": 3001}),
    Case("selfassessment.index", outcomes(200, 200, 403, 404), {"review_id": 3}),
    Case("selfassessment.index", outcomes(200, 200, 403, 200), {"review_id": 1}),
    Case("selfassessment.edit", outcomes(200, 200, 403, 404), {"review_id": 3}),
    Case("selfassessment.edit", outcomes(200, 200, 403, 200), {"review_id": 1}),
    Case("selfassessment.document", outcomes(200, 200, 403, 404), {"review_id": 3, "document_id": 3001}),
    Case("selfassessment.document", outcomes(404, 404, 403, 404), {"review_id": 1, "document_id": 3001}),
    Case(
        "selfassessment.delete_document", outcomes(200, 200, 403, 404), {"review_id": 3, "document_id": 3001}
    ),
    Case(
        "selfassessment.delete_document", outcomes(404, 404, 403, 404), {"review_id": 1, "document_id": 3001}
    ),
    Case("regional.index", outcomes(200, 200, 403, 403)),
    Case("regional.findings_download", outcomes(200, 403, 403, 403)),
    Case("regional.download", outcomes(200, 403, 403, 403), {"format": "csv"}),
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
    Case("people.remove_member", coordinator_only(200), {"review_id": 2, "user_id": 3}),
    Case("people.remove_member", coordinator_only(302), {"review_id": 2, "user_id": 3}, method="POST"),
]
