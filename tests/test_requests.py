"""Council guide requests: asked for by a council contact, made ready by the coordinator, downloaded."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from coproduce.db import connect
from coproduce.i18n import LANGUAGES
from tests.conftest import sign_in

GOOD = {
    "review_id": "1",
    "guide_slug": "your-care-and-support",
    "languages": ["ur"],
    "formats": ["easy_read", "large_print"],
    "interpreter_types": ["bsl", "telephone"],
    "people_count": "6",
    "needed_by": "2030-03-01",
    "notes": "Two people use Mirpuri.",
}


def test_a_request_goes_from_request_to_download(app: Flask) -> None:
    contact, coordinator = app.test_client(), app.test_client()
    sign_in(contact, "authority_contact")
    sign_in(coordinator, "coordinator")
    response = contact.post("/requests/new", data=GOOD)
    assert response.status_code == 302
    url = response.location
    page = contact.get(url).get_data(as_text=True)
    assert "Your request has been sent" in page and "Requested" in page
    assert "British Sign Language (BSL)" in page and "Large print" in page and "1 March 2030" in page
    assert "/packs/" not in page
    request_id = int(url.rsplit("/", 1)[1])
    assert contact.get(f"/requests/{request_id}/packs/ur.pdf").status_code == 404

    assert f"/requests/{request_id}" in coordinator.get("/requests/").get_data(as_text=True)
    response = coordinator.post(f"/requests/{request_id}/status", data={"status": "in_progress"})
    assert response.status_code == 302
    response = coordinator.post(
        f"/requests/{request_id}/status", data={"status": "ready", "note": "Interpreters booked."}
    )
    assert response.status_code == 302

    page = contact.get(url).get_data(as_text=True)
    assert "Ready to download" in page and "Interpreters booked." in page
    assert page.index("Requested") < page.index("In progress") < page.index("Interpreters booked.")
    # One pack for each kind of interpreter asked for, each with that interpreter's briefing only.
    assert "Urdu pack (British Sign Language (BSL)), large print PDF" in page
    assert "Urdu pack (Spoken language, by telephone), PDF" in page
    assert f"/requests/{request_id}/packs/ur.pdf?size=large&amp;interpreter=bsl" in page
    assert f"/requests/{request_id}/packs/ur.pdf?size=standard&amp;interpreter=telephone" in page
    assert "interpreter=video" not in page and "interpreter=face-to-face" not in page
    pdf = contact.get(f"/requests/{request_id}/packs/ur.pdf?size=standard&interpreter=telephone")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert "ur-telephone.pdf" in pdf.headers["Content-Disposition"]
    html = contact.get(f"/requests/{request_id}/packs/ur.html?size=large&interpreter=bsl")
    assert html.status_code == 200 and "font-size: 18pt" in html.get_data(as_text=True)
    assert "We will show the pictures while you sign." in html.get_data(as_text=True)
    assert "speaker phone" not in html.get_data(as_text=True)
    for refused in ("interpreter=video", "interpreter=none", "size=standard"):  # not asked for: no pack
        assert contact.get(f"/requests/{request_id}/packs/ur.pdf?{refused}").status_code == 404

    db = connect(app.config["DATABASE"])
    statuses = [row[0] for row in db.execute(
        "SELECT status FROM guide_request_events WHERE request_id = ? ORDER BY id", [request_id]
    )]  # fmt: skip
    assert statuses == ["requested", "in_progress", "ready"]


def test_a_language_without_a_catalogue_is_refused_with_the_list(client: FlaskClient) -> None:
    sign_in(client, "authority_contact")
    response = client.post("/requests/new", data={**GOOD, "languages": ["ur", "xx"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    available = ", ".join(f"{lang.english_name} ({lang.native_name})" for lang in LANGUAGES.values())
    assert f"We have no translation in xx yet. Choose from: {available}." in page
    assert "English (English), Urdu (اردو)" in available


def test_a_contact_cannot_request_for_another_councils_review(client: FlaskClient) -> None:
    sign_in(client, "authority_contact")
    response = client.post("/requests/new", data={**GOOD, "review_id": "3"})
    assert response.status_code == 400 and "Not a valid choice" in response.get_data(as_text=True)


def test_a_request_needs_its_choices(client: FlaskClient) -> None:
    sign_in(client, "authority_contact")
    response = client.post("/requests/new", data={"review_id": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in ("Choose a guide", "Choose at least one language", "Choose at least one format"):
        assert message in page


def test_the_request_pages_in_urdu(client: FlaskClient) -> None:
    sign_in(client, "authority_contact")
    page = client.get("/requests/1?lang=ur").get_data(as_text=True)
    assert "ڈاؤن لوڈ کے لیے تیار" in page and 'dir="rtl"' in page
    assert "Ready to download" not in page


def test_the_languages_are_named_in_their_own_words_and_voice(client: FlaskClient) -> None:
    sign_in(client, "authority_contact")
    page = client.get("/requests/new").get_data(as_text=True)
    assert '<span lang="so" dir="ltr">Soomaali</span> (Somali)' in page
    assert '<span lang="ur" dir="rtl">اردو</span> (Urdu)' in page
    assert '<span lang="en" dir="ltr">English</span>' in page and "English (English)" not in page
    kinds = ("Spoken language, face to face", "Spoken language, by telephone", "Spoken language, by video",
             "British Sign Language (BSL)", "Deafblind interpreting", "No interpreter needed")  # fmt: skip
    for kind in kinds:
        assert kind in page
    # In Urdu, each language's own name stays in its own script, with its name in Urdu beside it.
    page = client.get("/requests/new?lang=ur").get_data(as_text=True)
    assert '<span lang="so" dir="ltr">Soomaali</span> (صومالی)' in page


def test_a_request_for_no_interpreter_gives_packs_without_a_briefing(app: Flask) -> None:
    contact, coordinator = app.test_client(), app.test_client()
    sign_in(contact, "authority_contact")
    sign_in(coordinator, "coordinator")
    response = contact.post(
        "/requests/new", data={**GOOD, "languages": ["so"], "interpreter_types": ["none"]}
    )
    request_id = int(response.location.rsplit("/", 1)[1])
    coordinator.post(f"/requests/{request_id}/status", data={"status": "ready"})
    page = contact.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Somali pack, PDF" in page and "interpreter=" not in page
    html = contact.get(f"/requests/{request_id}/packs/so.html").get_data(as_text=True)
    assert "Briefing for the interpreter" not in html and "The answer faces" in html


def test_a_request_from_before_video_was_offered_still_gives_its_packs(
    client: FlaskClient, app: Flask
) -> None:
    db = connect(app.config["DATABASE"])
    with db.conn:
        db.execute("UPDATE guide_requests SET interpreter_types = '[\"spoken_face_to_face\"]' WHERE id = 1")
    sign_in(client, "authority_contact")
    page = client.get("/requests/1").get_data(as_text=True)
    assert "Spoken language, face to face" in page and "interpreter=face-to-face" in page
    assert client.get("/requests/1/packs/ur.html?interpreter=face-to-face").status_code == 200
