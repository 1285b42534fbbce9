"""Every response carries the security headers (a page the page's, a file a page loads the file's); pages
with personal data are never cached; 413 page."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from flask import Flask, url_for

from coproduce.web import CHECKED_EACH_TIME, NO_STORE_EXCEPT
from tests.conftest import sign_in
from tests.route_permissions import ANON, CASES, ROLES


def _csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def check_headers(response, secure: bool = False) -> None:
    headers = response.headers
    csp = _csp(headers["Content-Security-Policy"])
    for directive in ("default-src", "script-src", "style-src"):
        assert directive in csp
        assert "'unsafe-inline'" not in csp[directive] and "'unsafe-eval'" not in csp[directive]
    assert "unsafe-" not in headers["Content-Security-Policy"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    permissions = headers["Permissions-Policy"]
    for feature in ("camera=()", "geolocation=()", "microphone=()"):
        assert feature in permissions
    if secure:
        hsts = headers["Strict-Transport-Security"]
        assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31536000
    else:
        assert "Strict-Transport-Security" not in headers
    shown_in_browser = not response.headers.get("Content-Disposition", "").startswith("attachment")
    if response.mimetype == "text/html" and shown_in_browser:  # a saved pack file keeps its own styles
        _check_inline_code(response.get_data(as_text=True), csp)


def check_file_headers(response, secure: bool = False) -> None:
    """A style sheet, script or picture: a policy that allows nothing, should it be opened on its own,
    never framed, never sniffed, HSTS over HTTPS; none of a page's headers that only a page uses."""
    headers = response.headers
    csp = _csp(headers["Content-Security-Policy"])
    assert csp == {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert ("Strict-Transport-Security" in headers) == secure
    for page_only in ("Referrer-Policy", "Permissions-Policy", "X-Frame-Options"):
        assert page_only not in headers


def _check_inline_code(html: str, csp: dict[str, list[str]]) -> None:
    """Inline scripts only with the response's nonce; no inline styles at all."""
    soup = BeautifulSoup(html, "html.parser")
    nonces = [word[len("'nonce-") : -1] for word in csp["script-src"] if word.startswith("'nonce-")]
    for script in soup.find_all("script"):
        if not script.get("src"):
            assert script.get("nonce") in nonces, "an inline script without the CSP nonce"
    assert soup.find("style") is None, "an inline <style> the CSP would block"
    assert soup.find(attrs={"style": True}) is None, "an inline style attribute the CSP would block"
    assert not soup.find_all(lambda tag: any(name.startswith("on") for name in tag.attrs)), "inline handler"


@pytest.mark.parametrize("who", [ANON, *ROLES])
@pytest.mark.parametrize("secure", [False, True])
def test_every_route_sends_the_security_headers(app: Flask, who: str, secure: bool) -> None:
    base = "https://localhost" if secure else "http://localhost"
    client = app.test_client()
    if who != ANON:
        client.post("/login", base_url=base, data=_login(who))
    for case in CASES:
        if case.method != "GET":
            continue
        with app.test_request_context():
            url = url_for(case.endpoint, **case.args)
        response = client.get(url, base_url=base)
        if case.endpoint in NO_STORE_EXCEPT and response.mimetype != "text/html":
            check_file_headers(response, secure=secure)
        else:
            check_headers(response, secure=secure)
        if case.endpoint in NO_STORE_EXCEPT:  # public pictures: cacheable, never personal data
            assert response.headers.get("Cache-Control") != "no-store", url
        elif case.endpoint in CHECKED_EACH_TIME:  # the service worker's script: kept, checked each time
            assert response.headers["Cache-Control"] == "no-cache", url
        else:
            assert response.headers["Cache-Control"] == "no-store", url


def _login(role: str) -> dict[str, str]:
    from tests.conftest import EMAIL_OF_ROLE, PASSWORDS

    return {"email": EMAIL_OF_ROLE[role], "password": PASSWORDS[EMAIL_OF_ROLE[role]]}


def test_error_pages_and_redirects_send_the_headers_too(client) -> None:
    for response in (client.get("/no-such-page"), client.get("/"), client.post("/help")):
        check_headers(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_the_nonce_changes_on_every_response(client) -> None:
    first = client.get("/login").headers["Content-Security-Policy"]
    second = client.get("/login").headers["Content-Security-Policy"]
    assert "'nonce-" in first and first != second


@pytest.mark.parametrize("secure", [False, True])
def test_static_files_and_pictures_may_be_cached_and_send_a_files_headers(client, secure: bool) -> None:
    base = "https://localhost" if secure else "http://localhost"
    for path in ("/static/js/app.mjs", "/static/vendor/app.css", "/pictures/1F4AC.svg"):
        response = client.get(path, base_url=base, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200, path
        assert response.headers.get("Cache-Control") != "no-store"
        check_file_headers(response, secure=secure)
    missing = client.get("/pictures/NOT-A-PICTURE.svg")
    assert missing.status_code == 404 and missing.mimetype == "text/html"
    check_headers(missing)  # the page that says so is a page


def test_a_page_with_personal_data_is_never_stored(client) -> None:
    sign_in(client, "expert_by_experience")
    response = client.get("/")
    assert "BHM-ASC-10482" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_an_oversized_request_gets_a_clear_413_page(app_factory) -> None:
    app = app_factory(MAX_CONTENT_LENGTH=1024 * 1024, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "What you sent is too large" in page and "make it smaller" in page
    check_headers(response)


def test_the_default_size_limit_is_set(app: Flask) -> None:
    assert 1024 * 1024 <= app.config["MAX_CONTENT_LENGTH"] <= 50 * 1024 * 1024


def test_behind_a_proxy_hsts_and_addresses_come_from_forwarded_headers(app_factory) -> None:
    app = app_factory(PROXY_HOPS=1)
    client = app.test_client()
    response = client.get("/login", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    check_headers(response, secure=True)
    client.post(
        "/login",
        data={"email": "psw@example.org", "password": "wrong password"},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    from coproduce.db import connect

    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT remote_addr FROM login_attempts").fetchone()[0] == "203.0.113.9"


def test_json_with_a_null_character_is_refused(app: Flask) -> None:
    from coproduce.auth import public
    from coproduce.web import accepts_json

    @app.route("/echo", methods=["POST"])
    @public
    @accepts_json
    def echo():
        return {"ok": True}

    client = app.test_client()
    assert client.post("/echo", json={"notes": ["fine", {"deep": "still fine"}]}).status_code == 200
    refused = client.post("/echo", json={"notes": ["fine", {"deep": "null\x00here"}]})
    assert refused.status_code == 400 and refused.get_json() == {"error": "unshowable_character"}
