"""Setting up reviews, the people to talk to (one at a time and by CSV), assigning, not held."""

from __future__ import annotations

import io
import re

import pytest

from coproduce.reviews import csvfile
from tests.conftest import sign_in

HEADER = "reference,contact_mode,language,dialect,needs,is_carer,access_notes\r\n"


def _upload(client, content: bytes, review_id: int = 1, name: str = "people.csv"):
    return client.post(
        f"/reviews/{review_id}/people/import",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _people(count: int, start: int = 1) -> bytes:
    rows = [
        f"WM-{n:05d},phone,{['ur', 'pa', 'en', 'pl'][n % 4]},,interpreter_spoken;easy_read,no,\r\n"
        for n in range(start, start + count)
    ]
    return (HEADER + "".join(rows)).encode()


def _count(client, review_id: int = 1) -> int:
    body = client.get(f"/reviews/{review_id}/people.csv").get_data(as_text=True)
    return len(body.strip().splitlines()) - 1


def test_the_coordinator_sets_up_and_changes_a_review(client) -> None:
    sign_in(client, "coordinator")
    empty = client.post(
        "/reviews/new", data={"year": "", "focus": "other", "onsite_start": ["1", "13", "2026"]}
    )
    text = empty.get_data(as_text=True)
    assert "Select the council being reviewed" in text
    assert "Enter the name of the other focus theme" in text
    assert "Enter the year of the review" in text
    assert "govuk-error-summary" in text
    assert "Enter a real date" in text
    words = client.post("/reviews/new", data={"year": "twenty"}).get_data(as_text=True)
    assert "Enter the year as a number, like 2026" in words and 'value="twenty"' in words
    form = {
        "council": "7",
        "focus": "other",
        "focus_other": "Carers' assessments",
        "year": "2026",
        "onsite_start": ["3", "3", "2026"],
        "onsite_end": ["1", "3", "2026"],
        "status": "planning",
    }
    wrong = client.post("/reviews/new", data=form).get_data(as_text=True)
    assert "must be the same as or after the first day" in wrong
    assert "Carers&#39; assessments" in wrong  # the input is kept
    form["onsite_end"] = ["5", "3", "2026"]
    form["emergency_instruction"] = "Call the Emergency Duty Team on 0121 555 0100."
    created = client.post("/reviews/new", data=form)
    assert created.status_code == 302
    page = client.get(created.location).get_data(as_text=True)
    assert "Solihull review 2026" in page and "Emergency Duty Team" in page
    review_id = int(created.location.rsplit("/", 1)[1])
    edit = client.get(f"/reviews/{review_id}/edit").get_data(as_text=True)
    assert 'value="Carers&#39; assessments"' in edit
    form["status"] = "conversations"
    form["contact_phone"] = " 0121 555 0177 "  # the phone the packs' letters give: optional
    assert client.post(f"/reviews/{review_id}/edit", data=form).status_code == 302
    shown = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "Phone number for the people we talk to" in shown and "0121 555 0177" in shown
    assert 'value="0121 555 0177"' in client.get(f"/reviews/{review_id}/edit").get_data(as_text=True)
    listed = client.get("/reviews/?status=conversations&year=2026").get_data(as_text=True)
    assert "Solihull practice review 2026" in listed
    assert "Solihull practice review 2026" not in client.get("/reviews/?status=closed").get_data(as_text=True)


def test_adding_a_person_checks_and_keeps_the_input(client) -> None:
    sign_in(client, "psw")
    bad = client.post(
        "/reviews/1/people/new",
        data={"reference": "=HYPERLINK(1)", "language": "", "is_carer": "yes", "dialect": "Mirpuri"},
    ).get_data(as_text=True)
    assert "Do not start this with =" in bad
    assert "Select the person's preferred language" in bad
    assert "Select how the person would like to talk" in bad
    assert 'value="Mirpuri"' in bad
    duplicate = client.post(
        "/reviews/1/people/new",
        data={"reference": "bhm-asc-10482", "contact_mode": "phone", "language": "ur", "is_carer": "no"},
    )
    assert "already in this review" in duplicate.get_data(as_text=True)
    added = client.post(
        "/reviews/1/people/new",
        data={
            "reference": "BHM-ASC-20001",
            "contact_mode": "home",
            "language": "so",
            "needs": ["interpreter_spoken", "advocate"],
            "is_carer": "no",
        },
    )
    assert added.status_code == 302
    page = client.get("/reviews/1").get_data(as_text=True)
    assert "BHM-ASC-20001" in page and "Somali" in page and "An advocate" in page


def test_a_csv_of_200_people_imports_in_one_step(client) -> None:
    sign_in(client, "psw")
    before = _count(client)
    response = _upload(client, _people(200))
    assert response.status_code == 302
    assert "200 people are imported" in client.get(response.location).get_data(as_text=True)
    assert _count(client) == before + 200


def test_the_template_downloads_and_imports_clean(client) -> None:
    sign_in(client, "psw")
    template = client.get("/reviews/1/people/template.csv")
    assert template.mimetype == "text/csv" and "attachment" in template.headers["Content-Disposition"]
    assert template.get_data(as_text=True).lstrip("\ufeff").startswith("reference,contact_mode,language")


def _problems(client, content: bytes) -> str:
    before = _count(client)
    response = _upload(client, content)
    assert response.status_code == 200
    assert _count(client) == before, "nothing is imported from a file with problems"
    text = response.get_data(as_text=True)
    assert "govuk-error-summary" in text and "Nothing was imported" in text
    return text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (HEADER.encode(), "no people"),
        ((HEADER + "WM-1,phone,ur,,,no,Caf\xe9\r\n").encode("latin-1"), "not saved as UTF-8"),
        (b"reference,language\r\nWM-1,ur\r\n", "These columns are missing: contact_mode, dialect"),
        (
            b"reference,contact_mode,language,dialect,needs,is_carer,access_notes,ward\r\nWM-1,phone,ur,,,no,,x\r\n",
            "not in the template: ward",
        ),
        (
            b"reference,first name,contact_mode,language,dialect,needs,is_carer,access_notes\r\n",
            "The column first name may identify a person",
        ),
        (_people(1) + b"wm-00001,video,pl,,,no,\r\n", "This reference is also on row 2"),
        (HEADER.encode() + b"BHM-ASC-10482,phone,ur,,,no,\r\n", "already in this review"),
        (HEADER.encode() + b"WM-9,phone,klingon,,,no,\r\n", "klingon is not a language code we know"),
        (HEADER.encode() + b"WM-9,phone,ur,,sign_language,no,\r\n", "sign_language is not a need we know"),
        (HEADER.encode() + b"WM-9,by pigeon,ur,,,maybe,\r\n", "Use one of: phone, video, home, elsewhere"),
    ],
)
def test_each_csv_problem_is_reported(client, content: bytes, message: str) -> None:
    sign_in(client, "psw")
    assert message in _problems(client, content).replace("&#39;", "'")


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_formula_looking_cells_are_refused(client, start: str) -> None:
    sign_in(client, "psw")
    text = _problems(client, HEADER.encode() + f"WM-9,phone,ur,,,no,{start}cmd|' /C calc'!A0\r\n".encode())
    # the row, in the Row column (app_table names each cell's column for narrow screens)
    assert '<span class="app-table__label" aria-hidden="true">Row</span>2</td>' in text
    assert "access_notes" in text and "runs as a formula" in text


def test_a_10_mb_file_is_refused_with_its_size(client) -> None:
    sign_in(client, "psw")
    text = _problems(client, _people(1) + b"x" * (10 * 1024 * 1024))
    assert "The file is 10.0 MB. It must be 2 MB or smaller" in text


def test_every_problem_is_listed_with_row_and_column(client) -> None:
    sign_in(client, "psw")
    content = HEADER.encode() + b"WM-1,phone,xx,,,no,\r\n,phone,ur,,,no,\r\nWM-3,fax,ur,,,no,\r\n"
    text = _problems(client, content)
    assert "The file has 3 problems" in text
    for row, column in (("2", "language"), ("3", "reference"), ("4", "contact_mode")):
        # each cell names its column for narrow screens (app_table)
        label = '<span class="app-table__label" aria-hidden="true">'
        assert re.search(
            rf'{label}Row</span>{row}</td>\s*<td class="govuk-table__cell">{label}Column</span>{column}</td>',
            text,
        ), (row, column)


def test_exports_never_start_a_formula() -> None:
    body = csvfile.write([["a", "b", "c"], ["-1", "+44", "BHM-1"]]).decode("utf-8-sig")
    assert "'-1,'+44,BHM-1" in body


def test_assigning_shows_on_the_experts_home(app) -> None:
    psw = app.test_client()
    sign_in(psw, "psw")
    same = psw.post(
        "/reviews/1/people/3/assign",
        data={"interviewer": "3", "second_interviewer": "3", "planned_time": "25:00"},
    ).get_data(as_text=True)
    assert "Choose a different person" in same and "Enter a time like 14:30" in same
    assert "Day" in same and 'value="25:00"' in same
    response = psw.post(
        "/reviews/1/people/3/assign",
        data={
            "interviewer": "3",
            "second_interviewer": "6",
            "planned_date": ["2", "1", "2030"],
            "planned_time": "9:15",
        },
    )
    assert response.status_code == 302
    expert = app.test_client()
    sign_in(expert, "expert_by_experience")
    home = expert.get("/").get_data(as_text=True)
    assert "BHM-ASC-10533" in home  # person 2 (BHM-ASC-10517) is submitted in the demo: not reassignable
    assert "Interpreter for a spoken language" in home
    # An expert never sees the people list of a review.
    assert "People to talk to" not in expert.get("/reviews/1").get_data(as_text=True)


def test_a_psw_marks_a_conversation_as_not_taking_place(client) -> None:
    sign_in(client, "psw")
    missing = client.post("/reviews/1/people/1/not-held", data={}).get_data(as_text=True)
    assert "Select why the conversation is not taking place" in missing
    assert client.post("/reviews/1/people/1/not-held", data={"reason": "declined"}).status_code == 302
    page = client.get("/reviews/1").get_data(as_text=True)
    assert "Declined" in page
    assert client.get("/reviews/1/people/1/not-held").status_code == 404  # once only


def test_the_council_contact_sees_counts_not_people(client) -> None:
    sign_in(client, "authority_contact")
    page = client.get("/reviews/1").get_data(as_text=True)
    assert "Not started" in page and "Review team" in page
    assert "BHM-ASC" not in page and "People to talk to" not in page


def test_an_import_that_clashes_with_one_made_meanwhile_stores_nothing(app) -> None:
    from coproduce.reviews import data

    row = {
        "reference": "BHM-ASC-10482",
        "contact_mode": "phone",
        "language": "en",
        "dialect": None,
        "needs": [],
        "is_carer": False,
        "access_notes": None,
    }
    with app.app_context():
        before = len(data.participants(1))
        fresh = {**row, "reference": "BHM-NEW-1"}
        assert data.add_participants(1, [fresh, row]) == ["BHM-ASC-10482"]
        assert len(data.participants(1)) == before
