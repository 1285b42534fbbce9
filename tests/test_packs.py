"""Printable packs: the Urdu PDF has Urdu right to left beside English; large print; the web route."""

from __future__ import annotations

import logging
import math
import re
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from coproduce.cli import main
from coproduce.guides import pack
from coproduce.guides.interpreting import MODE_KEYS, Mode, interpreting, mode_for
from coproduce.guides.model import Guide
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
    # English first, then the Urdu of the same idea: the question's English line comes before its Urdu.
    layout = _text(urdu_pdf, "-layout")
    english = layout.index("Did someone tell you what would happen before")
    urdu = layout.index("ضروریات کے تعین سے پہلے")
    assert english < urdu


def test_the_urdu_pack_uses_a_font_that_renders_urdu(urdu_pdf: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(urdu_pdf)], capture_output=True, text=True, check=True).stdout
    # Noto Sans Arabic, not Nastaliq: Nastaliq's glyphs cannot map back to text (see coproduce/pdf.py).
    assert "Noto-Sans-Arabic" in fonts and "Noto-Sans" in fonts and "Nastaliq" not in fonts


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
    assert 'lang="ur" dir="rtl"' in large and "Noto Sans Arabic" in large


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
    # The document is in the pack's language; the interviewer's words are marked as the interface's.
    assert '<html lang="pl" dir="ltr">' in html and '<body lang="ur" dir="rtl">' in html
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
    for key in ("face-to-face", "bsl", "video"):  # the five faces, to point at
        assert faces_sheet(html[key]).count("<img") == len(pack.SCALE)
    for key, width in (("bsl", "3.6cm"), ("video", "3.6cm"), ("face-to-face", "3.2cm")):
        assert f".sheet .point img {{ width: {width}" in html[key]
    assert ".sheet .point img { width: 3.2cm" in none
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
    # The letter gives the review's reference and the phone number set on it.
    assert "Our reference: Birmingham practice review" in text and "please phone 0121 555 0142." in text
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


# Every pack read back: the smallest text, tagging and languages, text that extracts in each script,
# one question a page, the face sheet, the consent record and the letter. The packs are made once.

BIRMINGHAM = pack.review_contact("Birmingham practice review 2026", "Birmingham", " 0121 555 0142 ")
PACKS = {  # name: (guide, language, options)
    "ur-telephone-large": (
        "your-care-and-support", "ur",
        pack.Options(large_print=True, interpreter="telephone", contact=BIRMINGHAM),
    ),
    "bn-bsl-large": ("caring-for-someone", "bn", pack.Options(large_print=True, interpreter="bsl")),
    "ar-face-to-face": (
        "caring-for-someone", "ar",
        pack.Options(interpreter="face-to-face", contact=pack.review_contact("Phase 2", "Walsall", None)),
    ),
    "pa": ("caring-for-someone", "pa", pack.Options()),
    "gu-video": ("caring-for-someone", "gu", pack.Options(interpreter="video")),
    "en-deafblind-large": (
        "caring-for-someone", "en", pack.Options(large_print=True, interpreter="deafblind"),
    ),
}  # fmt: skip
FOOTER = re.compile(r"version \d+ .*\d+ / \d+$")


@dataclass
class Made:
    path: Path
    guide: Guide
    code: str
    options: pack.Options
    pages: list[str]  # pdftotext of each page

    def t(self, text: str) -> str:
        return translated(text, self.code)


def translated(text: str, code: str) -> str:
    from coproduce.guides.text import in_language
    from tests.conftest import make_app

    global _TEXT_APP
    if _TEXT_APP is None:
        _TEXT_APP = make_app(Path(tempfile.mkdtemp()) / "unused.db")
    with _TEXT_APP.test_request_context("/"):
        return in_language(text, code)


_TEXT_APP: Flask | None = None


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Made]:
    from coproduce.guides.loader import latest
    from tests.conftest import make_app

    folder = tmp_path_factory.mktemp("read-back")
    app = make_app(tmp_path_factory.mktemp("db") / "unused.db")
    result = {}
    with app.test_request_context("/"):
        for name, (slug, code, options) in PACKS.items():
            path = folder / f"{name}.pdf"
            path.write_bytes(pack.render_pdf(latest(slug), code, options))
            pages = _text(path).split("\f")[:-1]
            result[name] = Made(path, latest(slug), code, options, pages)
    return result


def _flat(text: str, marks: bool = True) -> str:
    """Text without white space and bidi controls (pdftotext spaces and orders neutrals its own way
    around right-to-left runs); for Arabic script (marks False) without combining marks (pdftotext
    puts a tanween above the line on a line of its own) and punctuation (it moves a full stop or a
    colon to the other end of a right-to-left run) too."""
    text = unicodedata.normalize("NFC", text)
    return "".join(
        c for c in text
        if not c.isspace() and unicodedata.category(c) != "Cf"
        and (marks or (unicodedata.category(c) != "Mn" and not unicodedata.category(c).startswith("P")))
    )  # fmt: skip


def _sizes(path: Path) -> list[tuple[float, str]]:
    """(size in points, text) of every piece of text drawn, with the text and page matrices applied."""
    from pypdf import PdfReader

    found: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            found.append((size * math.hypot(c, d), text))

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("name", PACKS)
def test_the_smallest_text_is_14_point_or_18_in_large_print(made: dict[str, Made], name: str) -> None:
    sizes = _sizes(made[name].path)
    least = 18 if made[name].options.large_print else 14
    assert len(sizes) > 100
    smallest = min(sizes)
    assert smallest[0] >= least - 0.01, smallest
    # The footer, with the draft warning, is drawn at the same size as the text.
    footer = [size for size, text in sizes if "draft" in text or re.search(r"\d+ / \d+", text)]
    assert footer and min(footer) >= least - 0.01


def _struct_languages(path: Path) -> tuple[str, set[str]]:
    from pypdf import PdfReader

    root = PdfReader(path).trailer["/Root"]
    languages: set[str] = set()
    stack = [root["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if isinstance(node, list):
            stack.extend(node)
        elif hasattr(node, "get"):
            if "/Lang" in node:
                languages.add(str(node["/Lang"]))
            kids = node.get("/K")
            if kids is not None and not isinstance(kids, int):
                stack.append(kids)
    return str(root["/Lang"]), languages


@pytest.mark.parametrize("name", PACKS)
def test_every_pack_is_tagged_in_its_language(made: dict[str, Made], name: str) -> None:
    info = subprocess.run(["pdfinfo", str(made[name].path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M)
    document, passages = _struct_languages(made[name].path)
    assert document == made[name].code
    assert {"en", made[name].code} <= passages  # each passage marked with its language


# Name: whether combining marks are compared (not for Arabic script: see _flat).
EXTRACTS = {
    "ur-telephone-large": False,
    "ar-face-to-face": False,
    "bn-bsl-large": True,
    "pa": True,
    "gu-video": True,
}
TANWEEN = re.compile("[\u064b-\u064d]")


def _words(text: str, marks: bool) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text) if marks else _flat_words(text))


@pytest.mark.parametrize("name", EXTRACTS)
def test_the_text_extracts_in_every_script(made: dict[str, Made], name: str) -> None:
    """pdftotext gives back the catalogue's text: every word, letter for letter, and whole strings in
    order where pdftotext keeps a right-to-left line in one run (see _one_run)."""
    one, marks = made[name], EXTRACTS[name]
    text = _flat("".join(one.pages), marks)
    guide = one.guide
    wanted = [q.text for q in guide.questions] + [p.text for p in guide.consent] + [guide.thank_you]
    whole = [one.t(english) for english in wanted if marks or _one_run(one.t(english))]
    assert len(whole) >= 3
    for string in whole:
        assert _flat(string, marks) in text, string
    for english in wanted:
        assert _has(one, one.t(english), "".join(one.pages)), one.t(english)
    # The spaces come back too: a question's first line, as the catalogue spaces it.
    spaced = " ".join("".join(one.pages).replace("\u202b", "").replace("\u202c", "").split())
    first = " ".join(whole[0].split()[:3])
    assert first in spaced


def _one_run(text: str) -> bool:
    """Right-to-left text that pdftotext gives back as one run: on a page that is mostly English it
    takes the page as left to right and swaps the runs of a right-to-left line on either side of a
    full stop, a comma, a digit or a Latin word; it puts a tanween on a line of its own."""
    inner = text.rstrip("۔.؟?!")
    return not any(
        unicodedata.category(c)[0] in "PN" or unicodedata.category(c) == "Mn" or (c.isascii() and c.isalpha())
        for c in inner
    )


def _has(one: Made, translated: str, page: str) -> bool:
    """Whether the page's text gives back `translated`: letter for letter in order for scripts that
    run left to right; word for word for Arabic script (see _one_run), less the words Naskh cannot
    give back whole in Arabic (a tanween: see coproduce/pdf.py)."""
    if one.code not in ("ur", "ar"):
        return _flat(translated) in _flat(page)
    words = translated.split()
    wanted = {_flat(word, False) for word in words if one.code == "ur" or not TANWEEN.search(word)}
    return wanted - {""} <= set(_words(page, False))


def _flat_words(text: str) -> str:
    """Text without combining marks, white space kept (words of Arabic script, for comparing)."""
    return "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) != "Mn")


def _page_of(one: Made, needle: str) -> list[int]:
    flat = _flat(needle, False)
    return [n for n, page in enumerate(one.pages) if flat in _flat(page, False)]


@pytest.mark.parametrize("name", PACKS)
def test_one_question_a_page_with_its_picture_words_and_faces(made: dict[str, Made], name: str) -> None:
    one = made[name]
    bilingual = one.code != "en"
    pages = []
    for n, question in enumerate(one.guide.questions, start=1):
        (page,) = _page_of(one, f"{n}. {question.text}")  # on one page, and on only one
        text = one.pages[page]
        if bilingual:
            assert _has(one, one.t(question.text), text)
        for prompt in question.prompts:
            assert _flat(prompt.text, False) in _flat(text, False)
        for point in question.points:  # each explanation beside its question
            assert _flat(point.text, False)[:40] in _flat(text, False)
        if pack.shows_faces(question):
            assert "Very good" in text and "Very bad" in text
        others = [q.text for q in one.guide.questions if q is not question]
        assert not any(_flat(other, False)[:40] in _flat(text, False) for other in others)
        pages.append(page)
    assert pages == list(range(pages[0], pages[0] + len(pages)))  # a page each, one after the other
    # No page holds only a heading: each has more than its heading and footer.
    for page in one.pages:
        body = [line for line in page.splitlines() if line.strip() and not FOOTER.search(line)]
        assert len(" ".join(body).split()) >= 6, page


@pytest.mark.parametrize("name", PACKS)
def test_the_face_sheet_and_the_consent_record_each_stay_on_one_page(
    made: dict[str, Made], name: str
) -> None:
    one = made[name]
    faces = ("Very good", "Good", "OK", "Bad", "Very bad")
    (sheet,) = {page for page in _page_of(one, "The answer faces") if page > 0}
    assert all(face in one.pages[sheet] for face in faces)
    if one.options.interpreter not in ("telephone", "deafblind"):  # faces to point at, not read out
        assert one.pages[sheet].count(".png") == 0  # (pictures are pictures, not text)
        assert _has(one, one.t("Point to the face that fits best."), one.pages[sheet])
    (record,) = _page_of(one, "Record of consent (for the interviewer)")
    for line in ("The person agrees to take part.", "The person agrees that we write down what they say.",
                 "write why", "Date:"):  # fmt: skip
        assert line in one.pages[record]


def test_the_interpreter_notes_are_labelled_in_both_languages(made: dict[str, Made]) -> None:
    one = made["ur-telephone-large"]
    question = next(q for q in one.guide.questions if q.interpreter_note)
    (page,) = _page_of(one, question.text)
    text = _flat(one.pages[page], False)
    assert _flat(f"Note for the interpreter: {question.interpreter_note}", False) in text
    assert _has(one, one.t("Note for the interpreter:"), one.pages[page])
    assert _has(one, one.t(question.interpreter_note), one.pages[page])
    assert "Note for the interpreter" not in " ".join(made["pa"].pages)  # no interpreter, no notes


def test_the_letter_gives_the_reviews_reference_and_phone(made: dict[str, Made]) -> None:
    one = made["ur-telephone-large"]
    letter = _flat(" ".join(one.pages[-3:]), False)
    assert _flat("Our reference: Birmingham practice review 2026", False) in letter
    assert _flat("If you have a question about this review, please phone 0121 555 0142.", False) in letter
    urdu = one.t("If you have a question about this review, please phone %(phone)s.")
    assert _has(one, urdu.replace("%(phone)s", ""), " ".join(one.pages[-3:]))
    assert "0121555" in letter
    # A review with no phone: its reference, and whom to phone instead; from the guide alone, only that.
    walsall = _flat(" ".join(made["ar-face-to-face"].pages[-2:]), False)
    assert _flat("Our reference: Walsall: Phase 2", False) in walsall
    assert _flat("phone your council's adult social care team", False) in walsall
    plain = _flat(" ".join(made["pa"].pages[-2:]), False)
    assert "Ourreference" not in plain and _flat("adult social care team", False) in plain
    assert "0121" not in plain


def test_a_reviews_phone_reaches_its_packs(client: FlaskClient) -> None:
    sign_in(client, "authority_contact")
    html = client.get("/requests/1/packs/ur.html?interpreter=face-to-face").get_data(as_text=True)
    assert "Our reference: Birmingham practice review" in html and "please phone 0121 555 0142." in html
