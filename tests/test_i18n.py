from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from coproduce.db import connect
from coproduce.i18n import LANGUAGES
from tests.conftest import sign_in

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_the_template_catalogue_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_ngettext:1,2", "--no-location", "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    assert _ids(fresh) == _ids(ROOT / "translations" / "messages.pot"), "run: coproduce translate update"


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_every_string_is_translated_with_its_placeholders(code: str) -> None:
    with (ROOT / "translations" / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    wanted = _ids(ROOT / "translations" / "messages.pot")
    have = {message.id: message for message in catalogue if message.id}
    assert wanted - set(have) == set(), "strings missing from the catalogue"
    for msgid in wanted:
        message = have[msgid]
        assert not message.fuzzy, f"fuzzy: {msgid!r}"
        if not message.pluralizable:
            assert message.string, f"untranslated: {msgid!r}"
            assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(message.string)), msgid
            continue
        # A count: every plural form of the language, each using only the English placeholders, and
        # the most general form (the last) all of them; a form for one or two may leave the number out.
        forms = message.string
        assert len(forms) == catalogue.num_plurals and all(forms), f"untranslated form: {msgid!r}"
        english = set(PLACEHOLDER.findall(message.id[1]))
        assert all(set(PLACEHOLDER.findall(form)) <= english for form in forms), msgid
        assert set(PLACEHOLDER.findall(forms[-1])) == english, msgid


def test_lang_on_the_url_is_used_and_remembered(client: FlaskClient) -> None:
    page = client.get("/login?lang=ur").get_data(as_text=True)
    assert '<html lang="ur" dir="rtl"' in page
    assert "سائن ان کریں" in page
    again = client.get("/login").get_data(as_text=True)
    assert '<html lang="ur" dir="rtl"' in again


def test_the_browser_language_is_used_when_nothing_was_chosen(client: FlaskClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "ur-PK,ur;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="ur" dir="rtl"' in page
    english = client.get("/login?lang=en", headers={"Accept-Language": "ur"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr"' in english


def test_a_signed_in_person_keeps_their_language(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "psw")
    client.get("/?lang=ur")
    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT locale FROM users WHERE email = 'psw@example.org'").fetchone()[0] == "ur"
    other_device = app.test_client()
    sign_in(other_device, "psw")
    assert '<html lang="ur"' in other_device.get("/").get_data(as_text=True)


def test_the_switcher_is_on_every_page(client: FlaskClient) -> None:
    for url in ("/login", "/help"):
        page = client.get(url).get_data(as_text=True)
        assert 'name="lang"' in page and '<option value="ur" lang="ur"' in page


def test_a_draft_translation_says_so(client: FlaskClient) -> None:
    assert LANGUAGES["ur"].is_draft
    page = client.get("/help?lang=ur").get_data(as_text=True)
    assert "یہ ترجمہ ابھی مسودہ ہے" in page
    assert "This translation is a draft" not in client.get("/help?lang=en").get_data(as_text=True)


def test_unknown_url_gives_a_404_in_the_persons_language(client: FlaskClient) -> None:
    response = client.get("/no-such-page?lang=ur")
    assert response.status_code == 404
    assert "صفحہ نہیں ملا" in response.get_data(as_text=True)


def test_an_unexpected_error_gives_a_helpful_500_and_is_logged(app: Flask, caplog) -> None:
    from coproduce.auth import public

    @app.route("/boom")
    @public
    def boom() -> str:
        raise RuntimeError("secret internals")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, something went wrong" in page and "try again" in page
    assert "secret internals" not in page and "Traceback" not in page
    assert "secret internals" in caplog.text


def test_healthz_answers_ok(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_role_home_works_in_every_language(app: Flask, code: str) -> None:
    for role in ("coordinator", "psw", "expert_by_experience", "authority_contact"):
        client = app.test_client()
        sign_in(client, role)
        page = client.get(f"/?lang={code}").get_data(as_text=True)  # the page check runs on it
        assert f'<html lang="{code}" dir="{LANGUAGES[code].direction}"' in page


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "2 December 2026, 10:30am"),
        ("pl", "2 grudnia 2026, 10:30"),
        ("ur", "2 دسمبر، 2026"),
    ],
)
def test_dates_are_written_in_the_readers_locale_without_seconds(
    app: Flask, code: str, expected: str
) -> None:
    """English is British English (day month year, 10:30am); no language shows seconds."""
    from coproduce.i18n import format_date, format_datetime

    with app.test_request_context(f"/?lang={code}"):
        shown = format_datetime("2026-12-02T10:30:45+00:00")
        assert shown.startswith(expected)
        assert "45" not in shown and ":00" not in shown
        assert format_date("2026-07-02T23:30:00+00:00").startswith("3")  # 11:30pm UTC is the 3rd in London
