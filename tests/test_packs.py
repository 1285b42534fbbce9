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
        main, ["guide-pack", "--guide", "your-care-and-support", "--lang", "ur", "-o", str(out)]
    )
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
    for sheet in ("Briefing for the interpreter", "Notes for BSL and deafblind interpreting", "Consent sheet",
                  "The questions", "What happens next"):  # fmt: skip
        assert sheet in text
    assert "Interpret everything in the first person." in text
    assert "every 20 minutes" in text
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
        large = pack.render_html(latest("caring-for-someone"), "ur", large_print=True)
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
    assert "caring-for-someone-v1-ur-large-print.html" in response.headers["Content-Disposition"]
    response = client.get("/guides/caring-for-someone/pack?language=ur&format=pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    refused = client.get("/guides/caring-for-someone/pack?language=xx&format=pdf")
    assert refused.status_code == 200 and "Not a valid choice" in refused.get_data(as_text=True)


def test_a_pack_that_fails_says_so_and_is_logged(client: FlaskClient, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
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
