"""What the tablet fetches (issue 21): text compressed with Vary: Accept-Encoding, files named by
their version kept for ever, only the conversations of the next 14 days (and the one under way)
kept, a kept screen refreshed with a 304 when it has not changed, and a background refresh that is
not in the audit log and does not renew the session cookie. The browser's side is measured by
bench/tablet.py; the offline journeys are in tests/browser/test_offline.py."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime, timedelta

import brotli
from flask import Flask
from flask.testing import FlaskClient

from coproduce.capture.offline_data import OFFLINE_LIMIT
from coproduce.db import connect
from coproduce.guides import pictures
from coproduce.web import file_version
from tests.conftest import give_the_demo_expert, sign_in
from tests.test_capture import FIRST, query, start_with_consent

CID = 7  # the demo expert by experience's conversation with WLV-ASC-20311, not started
COPY = {"X-Coproduce-Copy": "offline"}
IMMUTABLE = "public, max-age=31536000, immutable"


def plain_client(app: Flask) -> FlaskClient:
    """A client that takes compressed pages as they come (the usual one checks every page's HTML)."""
    return FlaskClient(app, app.response_class, use_cookies=True)


def audit_count(app: Flask, action: str, cid: int = CID) -> int:
    sql = "SELECT count(*) AS n FROM audit_log WHERE action = ? AND object_id = ?"
    return query(app, sql, [action, cid])[0]["n"]


# Compression


def test_pages_json_and_pictures_are_compressed_for_a_browser_that_accepts_it(app: Flask) -> None:
    client = plain_client(app)
    sign_in(client, "expert_by_experience")
    home = client.get("/").data
    picture = re.search(
        rb'src="(/pictures/[^"]+)"', client.get(f"/conversations/{CID}/questions/{FIRST}", headers=COPY).data
    )
    assert picture
    for url in ("/", "/conversations/offline.json", picture.group(1).decode(), "/service-worker.js"):
        for encoding, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
            response = client.get(url, headers={"Accept-Encoding": f"{encoding}, deflate"})
            assert response.status_code == 200, url
            assert response.headers["Content-Encoding"] == encoding, url
            assert "Accept-Encoding" in response.headers["Vary"], url
            assert len(response.data) < len(decompress(response.data)) / 2, url
        plain = client.get(url)
        assert "Content-Encoding" not in plain.headers and "Accept-Encoding" in plain.headers["Vary"]
    assert brotli.decompress(client.get("/", headers={"Accept-Encoding": "br"}).data).startswith(home[:40])


def test_the_worker_is_sent_without_its_comment_lines(client: FlaskClient) -> None:
    served = client.get("/service-worker.js").get_data(as_text=True)
    assert "const MODULES = [" in served and 'self.addEventListener("fetch"' in served
    assert not [line for line in served.splitlines() if line.lstrip().startswith(("//", "/**", "*"))]


def test_the_browser_keeps_the_worker_and_an_unchanged_one_costs_a_304(app: Flask) -> None:
    """The browser checks the worker's script on most visits: kept (not no-store), checked each time."""
    client = plain_client(app)
    first = client.get("/service-worker.js", headers={"Accept-Encoding": "br"})
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-cache"
    again = client.get(
        "/service-worker.js", headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and not again.data


def test_files_already_compressed_are_sent_as_they_are(app: Flask) -> None:
    client = plain_client(app)
    sign_in(client, "psw")
    for fmt in ("docx", "xlsx", "qdpx"):
        response = client.get(f"/reviews/3/export?format={fmt}", headers={"Accept-Encoding": "br, gzip"})
        assert response.status_code == 200, fmt
        assert "Content-Encoding" not in response.headers, fmt
        assert response.data[:2] == b"PK", fmt  # the ZIP inside, as made


# Caching


def test_static_files_and_pictures_are_addressed_by_their_version_and_kept_for_ever(app: Flask) -> None:
    client = plain_client(app)
    sign_in(client, "expert_by_experience")
    page = client.get(f"/conversations/{CID}/questions/{FIRST}", headers=COPY).get_data(as_text=True)
    css = re.search(r'href="(/static/vendor/app\.css\?v=(\w+))"', page)
    script = re.search(r'src="(/static/js/app\.mjs\?v=(\w+))"', page)
    picture = re.search(r'src="/pictures/(\w+)\.svg\?v=(\w+)"', page)
    assert css and script and picture, "a file without its version"
    assert css.group(2) == file_version(f"{app.static_folder}/vendor/app.css")
    assert picture.group(2) == pictures.version(picture.group(1))
    for url in (css.group(1), script.group(1), f"/pictures/{picture.group(1)}.svg?v={picture.group(2)}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == IMMUTABLE, url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
    # An older version's address (or none) gets today's file, checked again soon, never kept for ever.
    for url in ("/static/vendor/app.css?v=000000000000", "/static/vendor/app.css", "/pictures/1F4AC.svg"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "immutable" not in response.headers["Cache-Control"], url
    # The folder of GOV.UK Frontend's assets is no file: its address is left as it was.
    assert 'href="/static/vendor/govuk/assets/' in page or "/static/vendor/govuk/assets?" not in page


def test_personal_pages_stay_unstored(app: Flask) -> None:
    client = plain_client(app)
    sign_in(client, "expert_by_experience")
    for url in ("/", f"/conversations/{CID}", "/conversations/offline.json"):
        for headers in ({}, COPY):
            assert client.get(url, headers=headers).headers["Cache-Control"] == "no-store", url


# Which conversations are kept


def test_the_tablet_keeps_the_one_under_way_and_those_planned_in_the_next_14_days(
    app: Flask, client: FlaskClient
) -> None:
    db = connect(app.config["DATABASE"])
    guide = db.execute("SELECT max(guide_version_id) FROM conversations").fetchone()[0]
    moment = datetime.now(UTC)
    utc = lambda days: (moment + timedelta(days=days)).isoformat()  # noqa: E731
    local = lambda days: (moment + timedelta(days=days)).replace(tzinfo=None).isoformat(timespec="minutes")  # noqa: E731
    cases = {
        "LATE-BY-HOURS": (utc(-0.2), "not_started", True),
        "LATE-BY-DAYS": (utc(-3), "not_started", False),
        "IN-13-DAYS": (local(13), "not_started", True),
        "IN-15-DAYS": (utc(15), "not_started", False),
        "NOT-PLANNED": (None, "not_started", False),
        "UNDER-WAY-LATER": (utc(60), "in_progress", True),
        "SENT-TOMORROW": (utc(1), "submitted", False),
    }
    ids = {}
    for reference, (planned, status, _kept) in cases.items():
        ids[reference] = give_the_demo_expert(
            db,
            reference,
            utc(-30),
            planned_at=planned,
            status=status,
            guide_version_id=None if status == "not_started" else guide,
        )
    db.close()
    sign_in(client, "expert_by_experience")
    kept = [c["id"] for c in client.get("/conversations/offline.json").json["conversations"]]
    assert {reference for reference, cid in ids.items() if cid in kept} == {
        reference for reference, (_p, _s, kept_it) in cases.items() if kept_it
    }
    assert kept[0] == ids["UNDER-WAY-LATER"]  # the one under way first, then the soonest
    assert CID in kept  # the demo's, planned in 12 days
    home = client.get("/").get_data(as_text=True)
    assert f"{len(kept)} conversations are kept on this tablet for working with no connection." in home
    assert "planned for the next 14 days" in home


def test_at_most_20_conversations_are_kept_and_the_home_page_counts_in_every_language(
    app: Flask, client: FlaskClient
) -> None:
    db = connect(app.config["DATABASE"])
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    for n in range(OFFLINE_LIMIT):
        give_the_demo_expert(db, f"SOON-{n:02}", soon, planned_at=soon)
    db.close()
    sign_in(client, "expert_by_experience")
    assert len(client.get("/conversations/offline.json").json["conversations"]) == OFFLINE_LIMIT
    assert "20 conversations are kept on this tablet" in client.get("/").get_data(as_text=True)
    english = client.get("/?lang=en").get_data(as_text=True)
    for code in ("ur", "pa", "pl", "ro", "bn", "ar", "gu", "so"):
        page = client.get(f"/?lang={code}").get_data(as_text=True)
        said = re.search(r'id="kept-offline">\s*<p class="govuk-body">([^<]+)</p>', page)
        assert said and "20" in said.group(1) and said.group(1) not in english, code


# Refreshing a kept screen


def test_a_kept_screen_is_refreshed_with_a_304_until_it_changes(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "expert_by_experience")
    start_with_consent(client, CID)
    url = f"/conversations/{CID}/questions/{FIRST}"
    first = client.get(url, headers=COPY)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag.startswith('W/"')
    again = client.get(url, headers={**COPY, "If-None-Match": etag})
    assert (again.status_code, again.data) == (304, b"")
    assert "Set-Cookie" not in again.headers
    # The same screen for a person is sent whole (with the nonce its scripts need), never 304.
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200
    # Each screen has its own ETag; an answer saved changes this one's.
    assert client.get(f"/conversations/{CID}/check", headers=COPY).headers["ETag"] != etag
    saved = client.post(f"{url}/autosave", json={"version": 0, "notes": "New words"})
    assert saved.status_code == 200
    changed = client.get(url, headers={**COPY, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "New words" in changed.get_data(as_text=True)


def test_a_background_refresh_is_not_in_the_audit_log_but_a_person_opening_is(
    app: Flask, client: FlaskClient
) -> None:
    sign_in(client, "expert_by_experience")
    prepare = f"/conversations/{CID}"
    views_before = audit_count(app, "view_conversation")
    first = client.get(prepare, headers=COPY)  # first copied onto this tablet: recorded once
    assert first.status_code == 200 and audit_count(app, "keep_offline") == 1
    for _ in range(3):  # refreshed in the background, changed or not: not recorded
        client.get(prepare, headers={**COPY, "If-None-Match": first.headers["ETag"]})
        client.get(prepare, headers={**COPY, "If-None-Match": 'W/"older"'})
        client.get(f"/conversations/{CID}/questions/{FIRST}", headers={**COPY, "If-None-Match": 'W/"x"'})
    assert audit_count(app, "keep_offline") == 1
    assert audit_count(app, "view_conversation") == views_before
    opened = client.get(prepare)  # a person opening the conversation is recorded every time
    assert opened.status_code == 200
    assert audit_count(app, "view_conversation") == views_before + 1


def test_a_background_request_does_not_renew_the_session_cookie_or_its_idle_clock(
    app: Flask, client: FlaskClient
) -> None:
    sign_in(client, "expert_by_experience")
    assert "Set-Cookie" in client.get("/").headers  # a person's page renews it
    db = connect(app.config["DATABASE"])
    long_ago = (datetime.now(UTC) - timedelta(minutes=30)).isoformat()
    db.execute("UPDATE user_sessions SET last_seen_at = ? WHERE ended_at IS NULL", [long_ago])
    db.conn.commit()
    for url in ("/conversations/offline.json", f"/conversations/{CID}", "/"):
        response = client.get(url, headers=COPY)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
    seen = {row[0] for row in db.execute("SELECT last_seen_at FROM user_sessions WHERE ended_at IS NULL")}
    assert seen == {long_ago}
    client.get("/")
    seen = {row[0] for row in db.execute("SELECT last_seen_at FROM user_sessions WHERE ended_at IS NULL")}
    assert seen != {long_ago}
    db.close()


def test_a_conversation_is_kept_in_one_answer_recorded_once_and_refreshed_with_a_304(
    app: Flask, client: FlaskClient
) -> None:
    sign_in(client, "expert_by_experience")
    client.get("/")  # the page that asks the worker to keep the screens (its forms' token is made)
    listed = client.get("/conversations/offline.json").json["conversations"]
    held = next(conversation for conversation in listed if conversation["id"] == CID)
    views_before = audit_count(app, "view_conversation")
    first = client.get(held["copy"], headers=COPY)
    assert first.status_code == 200 and "Set-Cookie" not in first.headers
    pages = {page["url"]: page for page in first.json["pages"]}
    assert [page["url"] for page in first.json["pages"]] == held["pages"]  # every screen listed, in order
    assert audit_count(app, "keep_offline") == 1  # the first copy onto this tablet, once
    for url, page in pages.items():
        alone = client.get(url, headers={**COPY, "If-None-Match": 'W/"another"'})
        assert page["headers"]["ETag"] == alone.headers["ETag"], url  # as if asked for by itself
        assert page["headers"]["Content-Type"].startswith("text/html"), url
        assert "Set-Cookie" not in page["headers"], url
    nonce = re.search(r"'nonce-([^']+)'", pages[held["pages"][0]]["headers"]["Content-Security-Policy"])
    assert nonce and f'nonce="{nonce.group(1)}"' in pages[held["pages"][0]]["html"]
    again = client.get(held["copy"], headers={**COPY, "If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.data) == (304, b"")
    client.post(f"/conversations/{CID}/start")  # the conversation moves on: a new copy, not recorded
    moved = client.get(held["copy"], headers={**COPY, "If-None-Match": first.headers["ETag"]})
    assert moved.status_code == 200 and moved.headers["ETag"] != first.headers["ETag"]
    assert audit_count(app, "keep_offline") == 1
    assert audit_count(app, "view_conversation") == views_before
    # Compressed together, the screens cost a fraction of what they cost one by one.
    together = plain_client(app)
    sign_in(together, "expert_by_experience")
    bundle = together.get(held["copy"], headers={**COPY, "Accept-Encoding": "br"})
    one_by_one = sum(
        len(together.get(url, headers={**COPY, "Accept-Encoding": "br"}).data) for url in held["pages"]
    )
    assert bundle.headers["Content-Encoding"] == "br"
    assert len(bundle.data) * 4 < one_by_one


def test_someone_elses_conversation_is_not_copied(client: FlaskClient) -> None:
    sign_in(client, "expert_by_experience")
    assert client.get("/conversations/2/offline-copy", headers=COPY).status_code == 404


def test_keeping_the_screens_uses_up_no_message_waiting_for_the_persons_next_page(
    client: FlaskClient,
) -> None:
    sign_in(client, "expert_by_experience")
    client.get("/")
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "A message for the person's next page")]
    kept = client.get(f"/conversations/{CID}/offline-copy", headers=COPY).json["pages"]
    assert not any("A message for the person" in page["html"] for page in kept)
    assert "A message for the person&#39;s next page" in client.get("/").get_data(as_text=True)


def test_bigger_text_gives_the_kept_screens_a_new_stamp_and_a_new_copy(client: FlaskClient) -> None:
    """Turned on, bigger text shows on every kept screen too: the list gives each conversation a new
    stamp, so the worker (asked again by the screen's script) fetches copies drawn with it."""
    sign_in(client, "expert_by_experience")
    client.get("/")
    listed = client.get("/conversations/offline.json").json["conversations"]
    before = next(conversation for conversation in listed if conversation["id"] == CID)
    first = client.get(before["copy"], headers=COPY)
    assert "app-capture--easy-read" not in first.get_data(as_text=True)
    client.post("/conversations/easy-read", headers={"Accept": "application/json"})
    listed = client.get("/conversations/offline.json").json["conversations"]
    after = next(conversation for conversation in listed if conversation["id"] == CID)
    assert after["stamp"] != before["stamp"]
    again = client.get(after["copy"], headers={**COPY, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and "app-capture--easy-read" in again.get_data(as_text=True)
