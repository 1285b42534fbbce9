"""Every page that shows a conversation leaves a record in the audit log.

The pages are found from the permission table: any row whose URL names a conversation
(an argument with "conversation" in its name) and that a role may open (200). A conversation
route another branch adds is covered by its row in tests/route_permissions.py.
"""

from __future__ import annotations

from flask import Flask, url_for

from coproduce.db import connect
from tests.conftest import sign_in
from tests.route_permissions import ANON, CASES, ROLES

CONVERSATION_VIEWS = [
    (case, who)
    for case in CASES
    for who in (ANON, *ROLES)
    if case.method == "GET"
    and case.expect[who] == 200
    and any("conversation" in name for name in case.args)
    and not case.endpoint.endswith(("static", "healthz"))
]


def _audit_count(app: Flask, object_id: int) -> int:
    db = connect(app.config["DATABASE"])
    return db.execute(
        "SELECT count(*) FROM audit_log WHERE object_type = 'conversation' AND object_id = ?", [object_id]
    ).fetchone()[0]


def test_every_conversation_view_is_audited(app: Flask) -> None:
    for case, who in CONVERSATION_VIEWS:
        client = app.test_client()
        if who != ANON:
            sign_in(client, who)
        conversation_id = next(value for name, value in case.args.items() if "conversation" in name)
        before = _audit_count(app, conversation_id)
        with app.test_request_context():
            url = url_for(case.endpoint, **case.args)
        assert client.get(url).status_code == 200, url
        assert _audit_count(app, conversation_id) > before, (
            f"{who} opened {url} and the audit log has no record"
        )
