"""Hostile text in every text field of every form: no 500, stored as given or clearly refused, shown escaped.

The forms are found, not listed: for each role, every page the permission table says that role can
open is fetched, and every form on it with a text input or textarea is submitted once per hostile
string, with the other fields left at their first or chosen values. A route another branch adds
(with its row in tests/route_permissions.py) is covered without touching this file.
"""

from __future__ import annotations

import itertools
import sqlite3
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from flask import Flask, url_for
from werkzeug.datastructures import MultiDict

from tests.conftest import sign_in
from tests.route_permissions import ANON, CASES, ROLES

HOSTILE = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "<!-- not a comment --> &amp; &lt;b&gt; </textarea></title>",
    "'; DROP TABLE users; --",
    "Robert'); DELETE FROM reviews WHERE ('1' = '1",
    "1 OR 1=1",
    "%s %d %n %(name)s {0} {name} {{7*7}} ${7*7} #{7*7}",
    "../../../etc/passwd",
    "C:\\Windows\\System32 \\x00 \\n \\u202e",
    "Line one\r\nLine two\nLine three\ttabbed",
    "   leading and trailing spaces   ",
    "\u202eright-to-left override\u202c and \u2066isolate\u2069",
    "مرحبا دنیا mixed اردو text",
    "👩🏽‍🦯 👨‍👩‍👧‍👦 🏳️‍⚧️ 🇬🇧 e\u0301\u0301\u0301",
    "zero\u200bwidth\u200dand\ufeffBOM",
    "x" * 5000,
    "A very long line " * 2000,
    '=HYPERLINK("http://evil.example","click")',
]
UNSHOWABLE = [
    "null\x00byte",
    "bell\x07 escape\x1b[31m red",
    "delete\x7f and \x85 next line",
]
REFUSED_MESSAGE = "What you sent has a character we cannot keep"
TEXT_TYPES = {"text", "email", "search", "tel", "url", "number", "password", "date", ""}
_counter = itertools.count()


def _pages_for(app: Flask, who: str) -> list[str]:
    urls = []
    for case in CASES:
        if case.method == "GET" and case.expect[who] == 200:
            with app.test_request_context():
                url = url_for(case.endpoint, **case.args)
            if url not in urls:
                urls.append(url)
    return urls


def _forms(html: str, page_url: str) -> list[dict]:
    """Each form with a text field: where it goes, how, its fixed values and its text fields."""
    found = []
    for form in BeautifulSoup(html, "html.parser").find_all("form"):
        text_fields, fixed = [], []
        for field in form.find_all(["input", "textarea", "select"]):
            name = field.get("name")
            if not name or field.has_attr("disabled"):
                continue
            kind = (field.get("type") or "").lower() if field.name == "input" else field.name
            if field.name == "textarea" or (field.name == "input" and kind in TEXT_TYPES):
                text_fields.append(name)
            elif kind in ("checkbox", "radio"):
                if field.has_attr("checked") or not any(name == n for n, _v in fixed):
                    fixed = [(n, v) for n, v in fixed if n != name or kind == "checkbox"]
                    fixed.append((name, field.get("value", "on")))
            elif kind == "select":
                options = field.find_all("option")
                chosen = next((o for o in options if o.has_attr("selected")), options[0] if options else None)
                if chosen is not None:
                    fixed.append((name, chosen.get("value", chosen.get_text())))
            elif kind in ("hidden", "submit"):
                fixed.append((name, field.get("value", "")))
        if text_fields:
            action = urljoin(page_url, form.get("action") or page_url)
            found.append(
                {
                    "action": urlsplit(action).path
                    + (f"?{urlsplit(action).query}" if urlsplit(action).query else ""),
                    "method": (form.get("method") or "get").upper(),
                    "fixed": fixed,
                    "text_fields": text_fields,
                }
            )
    return found


def _cells_with(database: str, token: str) -> list[str]:
    """Every text cell in the database holding `token`."""
    db = sqlite3.connect(database)
    cells = []
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        for column in columns:
            query = f'SELECT "{column}" FROM "{table}" WHERE instr(CAST("{column}" AS TEXT), ?) > 0'
            cells += [row[0] for row in db.execute(query, [token])]
    db.close()
    return cells


def _submit(client, form: dict, value: str):
    data = MultiDict(list(form["fixed"]) + [(name, value) for name in form["text_fields"]])
    if form["method"] == "GET":
        return client.get(form["action"], query_string=data)
    return client.post(form["action"], data=data)


def _assert_escaped(html: str, value: str) -> None:
    if any(char in value for char in '<>"'):
        assert value not in html, "hostile text was shown without escaping"


@pytest.mark.parametrize("who", [ANON, *ROLES])
def test_hostile_text_in_every_form(app: Flask, who: str) -> None:
    client = app.test_client()
    if who != ANON:
        assert sign_in(client, who).status_code == 302
    submitted = 0
    for page_url in _pages_for(app, who):
        page = client.get(page_url)
        assert page.status_code == 200, page_url
        if page.mimetype != "text/html":  # downloads (CSV, Word, XLSX) have no forms
            continue
        for form in _forms(page.get_data(as_text=True), page_url):
            for hostile in HOSTILE:
                token = f"hx{next(_counter)}z"
                value = f"{hostile} {token}"
                response = _submit(client, form, value)
                submitted += 1
                where = f"{who} {form['method']} {form['action']} {hostile[:30]!r}"
                assert response.status_code < 500, where
                body = response.get_data(as_text=True)
                assert REFUSED_MESSAGE not in body, where
                _assert_escaped(body, value)
                if response.status_code in (301, 302, 303):
                    follow = client.get(response.location)
                    assert follow.status_code < 500, where
                    _assert_escaped(follow.get_data(as_text=True), value)
                for cell in _cells_with(app.config["DATABASE"], token):
                    assert value.strip() in str(cell) or value.strip().lower() in str(cell), (
                        f"{where}: stored changed: {str(cell)[:80]!r}"
                    )
                if who != ANON and client.get("/").status_code != 200:  # a form that signs out: sign in again
                    sign_in(client, who)
            for hostile in UNSHOWABLE:
                token = f"hx{next(_counter)}z"
                response = _submit(client, form, f"{hostile} {token}")
                assert response.status_code == 400, f"{who} {form['action']} {hostile!r}"
                assert REFUSED_MESSAGE in response.get_data(as_text=True)
                assert _cells_with(app.config["DATABASE"], token) == []
    if who == ANON:
        assert submitted > 0  # at least the sign-in form


def test_the_forms_found_include_the_sign_in_and_audit_search(app: Flask) -> None:
    client = app.test_client()
    login = _forms(client.get("/login").get_data(as_text=True), "/login")
    assert [sorted(form["text_fields"]) for form in login] == [["email", "password"]]
    sign_in(client, "coordinator")
    audit = _forms(client.get("/privacy/audit").get_data(as_text=True), "/privacy/audit")
    assert audit and audit[0]["method"] == "GET" and "who" in audit[0]["text_fields"]
