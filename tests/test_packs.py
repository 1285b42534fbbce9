"""Printable packs: the Urdu PDF has Urdu right to left beside English; large print; the web route."""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from coproduce.cli import main
from coproduce.guides import pack
from coproduce.guides.interpreting import MODE_KEYS, Mode, interpreting, mode_for
from coproduce.i18n import LANGUAGES
from tests.conftest import sign_in

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
RLE, PDF_MARK = "\u202b", "\u202c"  # pdftotext wraps right-to-left runs in these


@pytest.fixture(scope="module")
def urdu_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import make_app

    out = tmp_path_factory.mktemp("packs") / "ur.pdf"
    app = make_app(tmp_path_factory.mktemp("db") / "unused.db")
    result = app.test_cli_runner().invoke(
        main,
        ["guide-pack", "--guide", "your-care-and-support", "--lang", "ur", "--interpreter", "face-to-face",
         "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def _text(pdf: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_urdu_pack_has_urdu_right_to_left_beside_english(urdu_pdf: Path) -> None:
    assert urdu_pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(_text(urdu_pdf).split())
    assert "Your care and support: guide pack in Urdu" in text
    assert "The Urdu translation is a draft." in text
    for sheet in ("Briefing for the interpreter", "Notes for the interviewer", "The answer faces",
                  "Consent sheet", "The questions", "What happens next"):  # fmt: skip
        assert sheet in text
    assert "Interpret everything in the first person." in text
    assert "Please sit where the person can see you both." in text
    # Urdu is there, and pdftotext found it running right to left.
    assert len(ARABIC_SCRIPT.findall(text)) > 2000
    assert text.count(RLE) > 50 and PDF_MARK in text
    assert "اردو" in text
    # Side by side: on the questions page, lines carry English on the left and Urdu on the right.
    layout = _text(urdu_pdf, "-layout")
    side_by_side = [
        line for line in layout.splitlines()
        if re.search(r"[A-Za-z]{3}", line) and ARABIC_SCRIPT.search(line)
        and line.index(re.search(r"[A-Za-z]", line).group()) < line.index(ARABIC_SCRIPT.search(line).group())
    ]  # fmt: skip
    assert len(side_by_side) > 20


def test_the_urdu_pack_uses_a_font_that_renders_urdu(urdu_pdf: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(urdu_pdf)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Nastaliq-Urdu" in fonts and "Noto-Sans" in fonts


def test_a_page_renders_to_an_image(urdu_pdf: Path, tmp_path: Path) -> None:
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "7", "-l", "7", "-png", str(urdu_pdf), str(tmp_path / "p")], check=True
    )
    (picture,) = tmp_path.glob("p*.png")
    assert picture.stat().st_size > 10_000


def test_large_print_is_at_least_18_point(app: Flask) -> None:
    from coproduce.guides.loader import latest

    with app.test_request_context("/"):
        large = pack.render_html(latest("caring-for-someone"), "ur", pack.Options(large_print=True))
        normal = pack.render_html(latest("caring-for-someone"), "ur")
    size = re.search(r"html \{[^}]*font-size: (\d+)pt", large)
    assert size and int(size.group(1)) >= 18
    assert int(re.search(r"html \{[^}]*font-size: (\d+)pt", normal).group(1)) >= 14
    assert 'lang="ur" dir="rtl"' in large and "Noto Nastaliq Urdu" in large


def test_the_pack_command_refuses_a_language_without_a_catalogue(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(
        main,
        ["guide-pack", "--guide", "your-care-and-support", "--lang", "xx", "-o", str(tmp_path / "x.pdf")],
    )
    assert result.exit_code != 0 and f"choose from {', '.join(LANGUAGES)}" in result.output
    result = app.test_cli_runner().invoke(main, ["guide-pack", "--guide", "nope", "--lang", "ur", "-o", "x"])
    assert result.exit_code != 0 and "your-care-and-support" in result.output


def test_a_pack_from_the_web_as_html_and_pdf(client: FlaskClient) -> None:
    sign_in(client, "psw")
    form = client.get("/guides/caring-for-someone/pack").get_data(as_text=True)
    assert 'name="language"' in form
    response = client.get("/guides/caring-for-someone/pack?language=ur&format=html&large_print=y")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "caring-for-someone-v2-ur-large-print.html" in response.headers["Content-Disposition"]
    response = client.get("/guides/caring-for-someone/pack?language=ur&format=pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    refused = client.get("/guides/caring-for-someone/pack?language=xx&format=pdf")
    assert refused.status_code == 200 and "Not a valid choice" in refused.get_data(as_text=True)


def test_a_pack_that_fails_says_so_and_is_logged(client: FlaskClient, monkeypatch, caplog) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("pango exploded")

    monkeypatch.setattr("weasyprint.HTML.write_pdf", broken)
    sign_in(client, "psw")
    with caplog.at_level(logging.ERROR):
        response = client.get("/guides/caring-for-someone/pack?language=ur&format=pdf")
    assert response.status_code == 500
    assert "Sorry, the pack could not be made" in response.get_data(as_text=True)
    assert "pango exploded" in caplog.text


def test_the_interviewer_parts_are_in_the_interface_language(app: Flask) -> None:
    from coproduce.guides.loader import latest

    with app.test_request_context("/?lang=ur"):
        html = pack.render_html(latest("caring-for-someone"), "pl")
    assert '<html lang="ur" dir="rtl">' in html
    assert "رضامندی کا ریکارڈ (بات کرنے والے کے لیے)" in html  # Record of consent (for the interviewer)
    assert "اس پیک میں:" in html  # In this pack:
    for english in ("Record of consent", "In this pack", "guide pack in", "Date:", "write why"):
        assert english not in html
    # The guide itself is still English beside Polish.
    assert 'lang="en" dir="ltr"' in html and 'lang="pl" dir="ltr"' in html
    footer = re.search(r"@bottom-center \{ content: (\"[^\"]*\")", html)
    assert footer and "ورژن" in footer.group(1)


def test_the_page_footer_is_a_safe_css_string() -> None:
    assert pack.css_string('Ka\'a "x" </style>') == '"Ka\'a \\22 x\\22  \\3c /style\\3e "'


# Packs for each kind of interpreting: each holds its own briefing and notes, and none of the others'.


def _lines(mode: Mode) -> set[str]:
    return {*mode.for_interpreter, *mode.for_interviewer, *mode.consent_script, *mode.answer_faces}


@pytest.fixture(scope="module")
def mode_packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The text (pdftotext, spaces joined) of the English pack of the main guide for each mode."""
    from tests.conftest import make_app

    folder = tmp_path_factory.mktemp("modes")
    app = make_app(tmp_path_factory.mktemp("db") / "unused.db")
    texts = {}
    for key in MODE_KEYS:
        out = folder / f"{key}.pdf"
        result = app.test_cli_runner().invoke(
            main,
            ["guide-pack", "--guide", "your-care-and-support", "--lang", "en", "--interpreter", key,
             "-o", str(out)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        texts[key] = " ".join(_text(out).split())
    return texts


@pytest.mark.parametrize("key", MODE_KEYS)
def test_each_pack_has_its_own_briefing_and_none_of_the_others(mode_packs: dict[str, str], key: str) -> None:
    modes = interpreting().modes
    text = mode_packs[key]
    assert f"Interpreter: {modes[key].name}" in text
    for line in [*interpreting().for_interpreter, *_lines(modes[key])]:
        assert line in text, line
    others = set().union(*(_lines(mode) for mode in modes.values() if mode.key != key)) - _lines(modes[key])
    assert others, "every mode has lines of its own"
    for line in others:
        assert line not in text, f"{key} pack has {line!r}"
    assert "Notes for BSL and deafblind interpreting" not in text


def test_the_telephone_pack_reads_the_pictures_and_faces_as_words(mode_packs: dict[str, str]) -> None:
    telephone, face_to_face = mode_packs["telephone"], mode_packs["face-to-face"]
    assert "sit where the person can see you both" not in telephone
    assert "sit where the person can see you both" in face_to_face
    # The picture beside each question, said in words; the answer faces as words read out.
    assert "The picture shows: An ear" in telephone and "The picture shows" not in face_to_face
    assert "Read out the answers, from the first to the last." in telephone
    for words in ("Very good", "Good", "OK", "Bad", "Very bad", "Not sure", "Prefer not to say"):
        assert words in telephone
    # Every briefing for the interpreter says the pack's purpose and the rules of interpreting.
    assert "Interpret everything in the first person." in telephone


def test_pictures_are_left_out_read_out_or_made_large_as_the_mode_needs(app: Flask) -> None:
    from coproduce.guides.loader import latest

    guide = latest("your-care-and-support")
    with app.test_request_context("/"):
        html = {key: pack.render_html(guide, "so", pack.Options(interpreter=key)) for key in MODE_KEYS}
        none = pack.render_html(guide, "so")

    def faces_sheet(page: str) -> str:
        return page.split("The answer faces", 2)[2].split("<section>", 1)[0]

    for key in ("telephone", "deafblind"):  # faces read out or signed as words: no pictures to show
        assert "<img" not in faces_sheet(html[key]) and "Aad u wanaagsan" in faces_sheet(html[key])
    for key in ("face-to-face", "bsl", "video"):
        assert faces_sheet(html[key]).count("<img") == len(pack.FACES)
    assert "td.pic img { width: 4cm" in html["bsl"] and "td.pic img { width: 4cm" in html["video"]
    assert "td.pic img { width: 2cm" in html["face-to-face"] and "td.pic img { width: 2cm" in none
    # A pack with no interpreter has no briefing and no interpreter's notes on the questions.
    assert "Briefing for the interpreter" not in none and "Notes for the interviewer" not in none
    assert "Please say &#39;assessment&#39;" not in none
    assert "Please say &#39;assessment&#39;" in html["telephone"]


def test_the_dialect_is_on_the_interpreters_briefing_in_both_languages(app: Flask, tmp_path: Path) -> None:
    from coproduce.guides.loader import latest

    out = tmp_path / "en.pdf"
    result = app.test_cli_runner().invoke(
        main,
        ["guide-pack", "--guide", "your-care-and-support", "--lang", "en", "--interpreter", "telephone",
         "--dialect", "Sylheti", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = " ".join(_text(out).split())
    assert "The person speaks Sylheti. Tell the interviewer now if you do not speak it." in text
    assert "We will talk on a speaker phone." in text and "Take the time you need" not in text
    with app.test_request_context("/"):
        options = pack.Options(interpreter="telephone", dialect="Sylheti <b>")
        html = pack.render_html(latest("your-care-and-support"), "bn", options)
        without = pack.render_html(
            latest("your-care-and-support"), "bn", pack.Options(interpreter="telephone")
        )
    assert "মানুষটি Sylheti &lt;b&gt; বলেন।" in html  # beside the English, and escaped
    assert "Sylheti" not in without and "The person speaks" not in without
    refused = app.test_cli_runner().invoke(
        main, ["guide-pack", "--guide", "your-care-and-support", "--lang", "bn", "--dialect", "Sylheti",
               "-o", str(tmp_path / "x.pdf")],
    )  # fmt: skip
    assert refused.exit_code != 0 and "give --interpreter too" in refused.output
    refused = app.test_cli_runner().invoke(
        main, ["guide-pack", "--guide", "your-care-and-support", "--lang", "bn", "--interpreter", "sign",
               "-o", str(tmp_path / "x.pdf")],
    )  # fmt: skip
    assert (
        refused.exit_code != 0
        and "'face-to-face', 'telephone', 'video', 'bsl', 'deafblind'" in refused.output
    )


def test_a_pack_for_an_interpreter_from_the_guide_page(client: FlaskClient) -> None:
    sign_in(client, "psw")
    form = client.get("/guides/caring-for-someone/pack").get_data(as_text=True)
    assert 'name="interpreter"' in form and "Spoken language, by video" in form
    response = client.get("/guides/caring-for-someone/pack?language=ur&format=html&interpreter=bsl")
    assert "caring-for-someone-v2-ur-bsl.html" in response.headers["Content-Disposition"]
    page = response.get_data(as_text=True)
    assert "We will show the pictures while you sign." in page and "speaker phone" not in page
    refused = client.get("/guides/caring-for-someone/pack?language=ur&format=html&interpreter=sign")
    assert refused.status_code == 200 and "Not a valid choice" in refused.get_data(as_text=True)


def test_a_persons_pack_fits_their_interpreter_and_carries_their_dialect(
    client: FlaskClient, app: Flask
) -> None:
    from tests.test_capture import conversation_id

    sign_in(client, "expert_by_experience")
    # BHM-ASC-10590 speaks Sylheti (Bengali) and needs an interpreter; the call is by phone.
    cid = conversation_id(app, "BHM-ASC-10590")
    page = client.get(f"/conversations/{cid}").get_data(as_text=True)
    assert "Ask for an interpreter who speaks Sylheti." in page
    assert f'href="/conversations/{cid}/pack.pdf"' in page
    assert "for the interpreter: Spoken language, by telephone (PDF)" in page
    response = client.get(f"/conversations/{cid}/pack.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "your-care-and-support-v2-bn-telephone.pdf" in response.headers["Content-Disposition"]
    pdf = Path(app.instance_path) / "person.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(response.data)
    text = " ".join(_text(pdf).split())
    assert "The person speaks Sylheti." in text
    assert "We will talk on a speaker phone." in text
    assert "sit where the person can see you both" not in text and "while you sign" not in text
    # A person with no dialect and no interpreter: a pack with no briefing, and no dialect line.
    plain = conversation_id(app, "BHM-ASC-10482")
    page = client.get(f"/conversations/{plain}").get_data(as_text=True)
    assert "Ask for an interpreter who speaks" not in page
    assert "Download the pack for this conversation (PDF)" in page


def test_the_mode_follows_who_is_there_then_the_persons_needs() -> None:
    assert mode_for(["interpreter_video"], ["bsl_interpreter"], "phone") == "video"
    assert mode_for(["family_interpreting"], ["bsl_interpreter"], "phone") == "bsl"
    assert mode_for([], ["deafblind_interpreter", "bsl_interpreter"], "home") == "deafblind"
    assert mode_for([], ["interpreter_spoken"], "phone") == "telephone"
    assert mode_for([], ["interpreter_spoken"], "video") == "video"
    assert mode_for([], ["interpreter_spoken"], "home") == "face-to-face"
    assert mode_for([], ["easy_read"], "phone") is None
