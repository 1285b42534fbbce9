"""Every route is in the permission table, declares its permission, and gives the expected outcome."""

from __future__ import annotations

import pytest
from flask import Flask, url_for

from coproduce.auth import permission_of
from tests.conftest import sign_in
from tests.route_permissions import ANON, CASES, LOGIN, ROLES, Case


def test_every_route_has_a_row(app: Flask) -> None:
    covered = {case.endpoint for case in CASES}
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert endpoints - covered == set(), "add these routes to tests/route_permissions.py"
    assert covered - endpoints == set(), "these rows name routes that no longer exist"


def test_every_view_declares_its_permission(app: Flask) -> None:
    undeclared = [
        name for name, view in app.view_functions.items() if name != "static" and not permission_of(view)
    ]
    assert undeclared == []


def test_a_view_without_a_permission_is_refused(app: Flask) -> None:

    @app.route("/forgotten")
    def forgotten() -> str:
        return "secret"

    response = app.test_client().get("/forgotten")
    assert response.status_code == 403
    assert "secret" not in response.get_data(as_text=True)


@pytest.mark.parametrize("who", [ANON, *ROLES])
def test_route_outcomes(app: Flask, who: str) -> None:
    client = app.test_client()
    if who != ANON:
        assert sign_in(client, who).status_code == 302
    for case in CASES:
        _check(app, client, case, who)
        if case.endpoint == "auth.logout" and who != ANON:
            sign_in(client, who)


def _check(app: Flask, client, case: Case, who: str) -> None:
    with app.test_request_context():
        url = url_for(case.endpoint, **case.args)
    response = client.open(url, method=case.method)
    expected = case.expect[who]
    if expected == LOGIN:
        assert response.status_code == 302 and "/login" in response.location, f"{who} {url}"
    else:
        assert response.status_code == expected, f"{who} {case.method} {url}"
