"""Issue 16, the parts that came last: one word for one idea in every language (a glossary per
language, held by check-guides), the privacy notice in the guides' checked format (on its page, in
the pack and in the JSON guide), and the answers people chose counted on the dashboard and in the
report."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from flask import Flask
from flask.testing import FlaskClient

from coproduce.db import connect
from coproduce.guides import check, glossary, loader, rules
from coproduce.guides.notice import PATH as NOTICE
from coproduce.guides.notice import notice, parse
from coproduce.i18n import LANGUAGES
from tests.conftest import sign_in

ROOT = Path(__file__).resolve().parent.parent
WALSALL = 6  # the demo review held with the second edition of the main guide
OTHERS = [code for code in LANGUAGES if code != "en"]


@pytest.fixture
def fresh_glossaries() -> Iterator[None]:
    glossary.glossary.cache_clear()
    yield
    glossary.glossary.cache_clear()


def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str, old: str, new: str) -> list[str]:
    """check-guides in language `code` on a copy of its catalogue with `old` replaced by `new`."""
    source = (ROOT / "translations" / code / "LC_MESSAGES" / "messages.po").read_text()
    assert old in source
    (tmp_path / code / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / code / "LC_MESSAGES" / "messages.po").write_text(source.replace(old, new))
    monkeypatch.setattr(check, "TRANSLATIONS", tmp_path)
    return check.check_guides([code]).problems


def test_every_language_has_one_word_for_each_glossary_term() -> None:
    english = {term.term for term in glossary.glossary("en")}
    for code in OTHERS:
        terms = glossary.glossary(code)
        assert {term.term for term in terms} == english, code
        assert all(term.word for term in terms)
    assert check.check_guides(list(LANGUAGES)).problems == []


def test_a_translation_using_another_word_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Urdu: the lawyer's loanword for "advocate" where the glossary says حمایتی (a supporter).
    problems = "\n".join(
        planted(tmp_path, monkeypatch, "ur", "آپ کو حمایتی کی پیشکش کی؟", "آپ کو ایڈووکیٹ کی پیشکش کی؟")
    )
    assert (
        "guides/your-care-and-support/v2.toml [ur]: 'advocate' is not 'حمایتی' (guides/glossary/ur.toml): "
        "'Did the staff offer you an advocate?'"
    ) in problems
    assert problems.count("is not") == 1


def test_another_word_for_the_council_fails_in_polish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    problems = planted(
        tmp_path,
        monkeypatch,
        "pl",
        'msgstr "Samorząd prowadzi usługi opieki i wsparcia w Twojej okolicy."',
        'msgstr "Gmina prowadzi usługi opieki i wsparcia w Twojej okolicy."',
    )
    assert any("[pl]: 'council' is not 'samorząd'" in p for p in problems), problems


def test_a_glossary_without_a_word_for_a_term_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_glossaries: None
) -> None:
    for name in ("en.toml", "ur.toml"):
        (tmp_path / name).write_text((glossary.GLOSSARY_DIR / name).read_text())
    urdu = (tmp_path / "ur.toml").read_text()
    (tmp_path / "ur.toml").write_text(re.sub(r'\[\[terms\]\]\nterm = "data"\nword = "[^"]+"\n', "", urdu))
    monkeypatch.setattr(glossary, "GLOSSARY_DIR", tmp_path)
    assert glossary.check_words("x", {}, "ur") == ["guides/glossary/ur.toml: no word for 'data'"]


def notice_problems(old: str, new: str) -> str:
    text = NOTICE.read_text()
    assert old in text
    return "\n".join(rules.check_notice(parse(text.replace(old, new, 1))))


def test_the_privacy_notice_is_held_to_the_guides_rules() -> None:
    assert rules.check_notice(notice()) == []
    assert len(notice().points()) >= 20
    two = notice_problems(
        '"We do not write down your name."', '"We do not write down your name. We use a number."'
    )
    assert "section 2 'What we keep' point 2: a point is one idea in one sentence" in two
    unexplained = notice_problems(
        '"Data is information, like the things we write down."', '"A computer keeps it safe."'
    )
    assert "'data' is not explained where it is first used" in unexplained
    reused = notice_problems('picture = "1F511"', 'picture = "1F4BB"')
    assert "picture 1F4BB is used for different ideas: 'A key'" in reused
    long = notice_problems(
        '"You can stop at any time."',
        '"You can stop at any time you like and you do not have to say why you stop."',
    )
    assert "point 1: a sentence of 18 words" in long
    missing = notice_problems('picture = "1F511"', 'picture = "1F511-FFFF"')
    assert "no picture '1F511-FFFF' in OpenMoji" in missing


def test_the_privacy_notice_page_shows_each_point_with_its_picture(client: FlaskClient) -> None:
    english = client.get("/privacy/notice").get_data(as_text=True)
    for section in notice().sections:
        assert section.title in english
        for point in section.points:
            assert point.text.replace("'", "&#39;") in english
            assert f"/pictures/{point.picture}.svg" in english
    for code in ("ur", "ar"):
        page = client.get(f"/privacy/notice?lang={code}").get_data(as_text=True)
        assert 'dir="rtl"' in page and f'lang="{code}"' in page
        for point in notice().points():
            assert point.text.replace("'", "&#39;") not in page, (code, point.text)
            assert point.alt not in page
    urdu = client.get("/privacy/notice?lang=ur").get_data(as_text=True)
    assert "ڈیٹا معلومات ہے، جیسے وہ باتیں جو ہم لکھتے ہیں۔" in urdu


def test_the_pack_and_the_json_guide_carry_the_privacy_notice(app: Flask, tmp_path: Path) -> None:
    from coproduce.cli import main
    from coproduce.guides import pack

    guide = loader.latest("your-care-and-support")
    with app.test_request_context("/"):
        html = pack.render_html(guide, "pl")
    assert "Privacy notice" in html and "Informacja o prywatności" in html
    assert "We keep what you say as data on a computer." in html
    assert "Przechowujemy to, co mówisz, jako dane w komputerze." in html
    out = tmp_path / "guide.json"
    args = ["guide-pack", "--guide", guide.slug, "--lang", "ar", "--format", "json", "-o", str(out)]
    assert app.test_cli_runner().invoke(main, args).exit_code == 0
    privacy = json.loads(out.read_text())["privacy_notice"]
    points = [p for s in privacy["sections"] for p in s["points"]]
    assert len(points) == len(notice().points()) and all(p["picture"] and p["text"] for p in points)
    assert privacy["title"] == "إشعار الخصوصية"


def chosen(app: Flask, key: str) -> dict[str, int]:
    db = connect(app.config["DATABASE"])
    rows = db.execute(
        """SELECT a.choice, count(*) FROM answers a JOIN conversations c ON c.id = a.conversation_id
        JOIN participants p ON p.id = c.participant_id
        WHERE p.review_id = ? AND a.question_key = ? AND c.status = 'submitted' GROUP BY a.choice""",
        [WALSALL, key],
    ).fetchall()
    return {row[0]: row[1] for row in rows}


def test_chosen_answers_on_the_dashboard_and_in_the_word_report(app: Flask, client: FlaskClient) -> None:
    helped = next(q for q in loader.latest("your-care-and-support").questions if q.answer_type == "choose")
    counts = chosen(app, helped.key)
    assert counts.get("interpreter") and sum(counts.values()) >= 2
    sign_in(client, "psw")
    page = client.get(f"/reviews/{WALSALL}/dashboard").get_data(as_text=True)
    assert "Answers chosen" in page and helped.text in page
    table = page[page.index(helped.text) :]
    table = table[: table.index("</table>")]
    assert "Answer" in table and "An interpreter" in table
    people = r'<span class="app-table__label" aria-hidden="true">People</span>'
    assert re.search(rf"An interpreter</th>\s*<td[^>]*>{people}{counts['interpreter']}</td>", table)
    total = sum(counts.values())
    assert f"{total} people answered" in table
    data = client.get(f"/reviews/{WALSALL}/export?format=docx&audience=team").data
    document = Document(io.BytesIO(data))
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Answer"]
    assert tables, "no chart table of chosen answers in the Word report"
    rows = {row.cells[0].text: row.cells[1].text for t in tables for row in t.rows[1:]}
    assert rows["An interpreter"] == str(counts["interpreter"])
    assert any(p.text.endswith(helped.text) and p.text.startswith("Chart ") for p in document.paragraphs)
