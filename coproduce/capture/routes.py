"""The screens of a conversation, in the order they are held (the review team's view is in
team_routes.py, what the tablet's scripts call in tablet_routes.py).

Every view and change of a conversation is in the audit log (never its content).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any
from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from coproduce.audit import record
from coproduce.auth import OFFLINE_COPY, Role, allow, wants_json
from coproduce.capture import bp, data
from coproduce.capture.forms import (
    LANGUAGES_USED,
    AnswerForm,
    ConcernForm,
    ConfirmForm,
    ConsentForm,
    PresenceForm,
    ReflectionForm,
    answer_choices,
)
from coproduce.codes import PROFESSIONAL_INTERPRETERS
from coproduce.guides import pack
from coproduce.guides.model import Guide, Question
from coproduce.guides.text import in_language
from coproduce.i18n import LANGUAGES, SIGN_LANGUAGES, language, language_name
from coproduce.templating import kept_fragment
from coproduce.web import made_for_this_response

log = logging.getLogger(__name__)
EXPERT = Role.EXPERT_BY_EXPERIENCE
TEAM = (Role.PSW, Role.COORDINATOR)
EASY_READ = "easy_read"
# Headers the tablet's scripts send (static/js/outbox.mjs and service-worker.js).
BACKGROUND = "X-Coproduce-Send"  # "background": a form sent by the script, not by the browser
CHANGE_ID = "X-Change-Id"  # made on the tablet, so a form sent twice is recorded once


def _held(conversation_id: int, action: str = "view_conversation") -> dict[str, Any]:
    """The conversation, if this person holds it, with the audit record of what they do. A person
    opening a screen is recorded each time. The service worker keeping the screens on the tablet
    (the OFFLINE_COPY header) is recorded once, when a conversation is first copied onto a tablet:
    its first screen, asked for without a copy already kept (If-None-Match). Refreshing a kept
    screen in the background is not a person reading it, and is not recorded."""
    conversation = data.held_by(current_user, conversation_id)
    if request.headers.get(OFFLINE_COPY) != "offline":
        record(action, "conversation", conversation_id)
    elif request.endpoint == "capture.prepare" and not request.if_none_match:
        record("keep_offline", "conversation", conversation_id)
    return conversation


def _languages(conversation: dict[str, Any]) -> dict[str, Any]:
    """The conversation's language (when the app has its guide text) and the interviewer's."""
    spoken = conversation["language_used"] or conversation["language"] or conversation["person_language"]
    ui = language().code
    return {
        "spoken": spoken,
        "guide": spoken if spoken in LANGUAGES else None,  # None: no guide text in that language yet
        "signed": spoken in SIGN_LANGUAGES,
        "ui": ui,
    }


def _said(langs: dict[str, Any]):
    """A function for templates: guide text in the conversation's language, and beside it in the
    interviewer's when they differ. Each version carries its language and direction."""

    def said(text: str) -> list[dict[str, str]]:
        codes = [langs["guide"] or langs["ui"]]
        if langs["guide"] and langs["guide"] != langs["ui"]:
            codes.append(langs["ui"])
        return [
            {
                "code": code,
                "dir": LANGUAGES[code].direction,
                "text": in_language(text, code),
                "name": language_name(code),
            }
            for code in codes
        ]

    return said


def _render(template: str, conversation: dict[str, Any], guide: Guide | None = None, **context: Any) -> str:
    guide = guide or data.guide_of(conversation)
    langs = _languages(conversation)
    return render_template(
        template,
        conversation=conversation,
        guide=guide,
        langs=langs,
        said=_said(langs),
        easy_read=session.get(EASY_READ, False),
        **context,
    )


def _resume_url(conversation: dict[str, Any]) -> str:
    """Where an expert by experience carries on with a conversation."""
    cid = conversation["id"]
    if conversation["status"] == "not_started":
        return url_for("capture.prepare", conversation_id=cid)
    if conversation["status"] == "submitted":
        return url_for("capture.finished", conversation_id=cid)
    if conversation["status"] == "did_not_take_place":
        return url_for("capture.ended", conversation_id=cid)
    if conversation["language_used"] is None:
        return url_for("capture.presence", conversation_id=cid)
    if conversation["consent"] != "yes":
        return url_for("capture.consent", conversation_id=cid)
    guide = data.guide_of(conversation)
    done = data.answers(cid)
    for question in guide.questions:
        if question.key not in done:
            return url_for("capture.question", conversation_id=cid, key=question.key)
    return url_for("capture.check", conversation_id=cid)


def _offline_copy(conversation: dict[str, Any]) -> bool:
    """The service worker asks for a copy of a screen to keep on the tablet: it gets the screen
    whatever stage the conversation is at, so that every screen can be reached with no connection."""
    return (
        request.method == "GET"
        and request.headers.get(OFFLINE_COPY) == "offline"
        and conversation["status"] in ("not_started", "in_progress")
    )


def _must_be_in_progress(conversation: dict[str, Any], consented: bool = False) -> str | None:
    """The URL to send the person to when this screen is not for now, else None."""
    if _offline_copy(conversation):
        return None
    if conversation["status"] != "in_progress" or (consented and conversation["consent"] != "yes"):
        return _resume_url(conversation)
    return None


# Preparing and starting


@bp.route("/<int:conversation_id>")
@allow(EXPERT)
def prepare(conversation_id: int):
    conversation = _held(conversation_id)
    return _render(
        "capture/prepare.html",
        conversation,
        form=ConfirmForm(),
        resume_url=_resume_url(conversation),
        pack_mode=pack.options_for(conversation).mode(),
    )


@bp.route("/<int:conversation_id>/start", methods=["POST"])
@allow(EXPERT)
def start(conversation_id: int):
    conversation = _held(conversation_id, "start_conversation")
    if ConfirmForm().validate_on_submit() and conversation["status"] == "not_started":
        data.start(conversation)
    return redirect(_resume_url(data.held_by(current_user, conversation_id)))


@bp.route("/easy-read", methods=["POST"])
@allow()
def easy_read():
    """Bigger text on or off. The screen's script changes it in place and keeps the focus; without
    it, the screen comes back with the focus on the switch (#easy-read), not at the top."""
    if ConfirmForm().validate_on_submit():
        session[EASY_READ] = not session.get(EASY_READ, False)
    if wants_json():
        return {"easy_read": session.get(EASY_READ, False)}
    target = request.form.get("next", "")
    if not (target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc):
        target = url_for("home.index")
    return redirect(f"{target}#easy-read")


# Who is there, and consent


@bp.route("/<int:conversation_id>/who", methods=["GET", "POST"])
@allow(EXPERT)
def presence(conversation_id: int):
    conversation = _held(
        conversation_id, "view_conversation" if request.method == "GET" else "change_presence"
    )
    if elsewhere := _must_be_in_progress(conversation):
        return redirect(elsewhere)
    accepted = {1: "yes", 0: "no", None: "none_offered"}
    form = PresenceForm(
        needs=conversation["needs"],
        data={
            "present": conversation["present"],
            "language_used": conversation["language_used"] or conversation["person_language"],
            "interpreter_accepted": accepted[conversation["interpreter_accepted"]]
            if conversation["language_used"]
            else None,
            "reason": conversation["presence_reason"],
        },
    )
    codes = list(dict.fromkeys([conversation["person_language"], *LANGUAGES_USED]))
    form.language_used.choices = [SelectChoice(code, language_name(code)) for code in codes]
    if form.validate_on_submit():
        answer = {"yes": 1, "no": 0}.get(form.interpreter_accepted.data)
        data.save_presence(
            conversation_id, form.present.data, form.language_used.data, answer, form.reason.data
        )
        return redirect(url_for("capture.consent", conversation_id=conversation_id))
    return _render("capture/presence.html", conversation, form=form)


@bp.route("/<int:conversation_id>/consent", methods=["GET", "POST"])
@allow(EXPERT)
def consent(conversation_id: int):
    conversation = _held(
        conversation_id, "view_conversation" if request.method == "GET" else "change_consent"
    )
    if elsewhere := _must_be_in_progress(conversation):
        return redirect(elsewhere)
    form = ConsentForm(
        data={
            "consent": conversation["consent"],
            "how": conversation["consent_how"],
            "support": conversation["consent_support"],
        }
    )
    if form.validate_on_submit():
        data.save_consent(conversation_id, form.consent.data, form.how.data, form.support.data)
        if form.consent.data != "yes":
            return redirect(url_for("capture.ended", conversation_id=conversation_id))
        return redirect(_resume_url(data.held_by(current_user, conversation_id)))
    return _render("capture/consent.html", conversation, form=form)


@bp.route("/<int:conversation_id>/ended")
@allow(EXPERT)
def ended(conversation_id: int):
    conversation = _held(conversation_id)
    if conversation["status"] != "did_not_take_place" and not _offline_copy(conversation):
        return redirect(_resume_url(conversation))
    return _render("capture/ended.html", conversation)


# The questions


@bp.route("/<int:conversation_id>/questions")
@allow(EXPERT)
def questions(conversation_id: int):
    conversation = _held(conversation_id)
    if elsewhere := _must_be_in_progress(conversation, consented=True):
        return redirect(elsewhere)
    return _render("capture/questions.html", conversation, answers=data.answers(conversation_id))


def _question_or_404(guide: Guide, key: str) -> tuple[int, Any]:
    for index, question in enumerate(guide.questions):
        if question.key == key:
            return index, question
    abort(404)


def _answer_form(stored: dict[str, Any] | None, asked: Question) -> AnswerForm:
    stored = stored or {}
    quotes = [
        {"id": q["id"], "text": q["text"], "kind": q["kind"], "client_id": q["client_id"]}
        for q in stored.get("quotes", [])
    ]
    quotes.append({"text": "", "kind": "verbatim", "client_id": made_for_this_response(uuid.uuid4().hex)})
    form = AnswerForm(
        data={
            "version": stored.get("version", 0),
            "rating": stored.get("rating"),
            "choice": stored.get("choice"),
            "notes": stored.get("notes"),
            "quotes": quotes,
        }
    )
    form.choice.choices = answer_choices(asked)
    return form


@bp.route("/<int:conversation_id>/questions/<key>", methods=["GET", "POST"])
@allow(EXPERT)
def question(conversation_id: int, key: str):
    conversation = _held(conversation_id, "view_conversation" if request.method == "GET" else "change_answer")
    if elsewhere := _must_be_in_progress(conversation, consented=True):
        return redirect(elsewhere)
    guide = data.guide_of(conversation)
    index, asked = _question_or_404(guide, key)
    if request.method == "POST":
        form = AnswerForm()
        form.choice.choices = answer_choices(asked)
    else:
        form = _answer_form(data.answer(conversation_id, key), asked)
    elsewhere_saved = None
    if form.validate_on_submit():
        quotes = [
            {
                "id": entry.form.id.data,
                "text": entry.form.text.data,
                "kind": entry.form.kind.data or "verbatim",
                "client_id": entry.form.client_id.data,
            }
            for entry in form.quotes
        ]
        try:
            data.save_answer(
                conversation_id,
                key,
                form.version.data or 0,
                rating=form.rating.data if "rating" in asked.answers else None,
                choice=form.choice.data if "choice" in asked.answers else None,
                notes=form.notes.data,
                skipped=bool(form.skip.data),
                quotes=quotes,
            )
        except data.Conflict as conflict:
            elsewhere_saved = conflict.current or {}
            form.version.data = elsewhere_saved.get("version", 0)
            form.notes.errors.append(
                _(
                    "This answer was changed on another screen. Both texts are below: "
                    "keep what you want and save again."
                )
            )
        else:
            return redirect(_after_question(conversation_id, guide, index, form))
    return _render(
        "capture/question.html",
        conversation,
        guide=guide,
        form=form,
        question=asked,
        question_guide=_question_guide(conversation, guide, asked),
        number=index + 1,
        total=len(guide.questions),
        go=_neighbours(conversation_id, guide, index),
        elsewhere_saved=elsewhere_saved,
    )


# Who may be present that interprets: a question's note for the interpreter is shown when one is.
INTERPRETING = PROFESSIONAL_INTERPRETERS | {"family_interpreting"}


def _question_guide(conversation: dict[str, Any], guide: Guide, asked: Any) -> Markup:
    """The question's picture, words, prompts and interpreter's note, made once for each guide
    version, question, languages and interpreting (the key names each; nothing of the person)."""
    langs = _languages(conversation)
    interpreted = bool(INTERPRETING.intersection(conversation["present"] or ()))
    key = ("capture/_question_guide.html", guide.slug, guide.version, asked.key, langs["guide"], interpreted)
    return kept_fragment(
        key,
        lambda: render_template(
            "capture/_question_guide.html",
            question=asked,
            langs=langs,
            said=_said(langs),
            interpreted=interpreted,
        ),
    )


def _neighbours(conversation_id: int, guide: Guide, index: int) -> dict[str, str]:
    """Where Back and Save and continue lead from the question at `index`."""
    questions = guide.questions
    back = (
        url_for("capture.question", conversation_id=conversation_id, key=questions[index - 1].key)
        if index
        else url_for("capture.consent", conversation_id=conversation_id)
    )
    following = (
        url_for("capture.question", conversation_id=conversation_id, key=questions[index + 1].key)
        if index + 1 < len(questions)
        else url_for("capture.check", conversation_id=conversation_id)
    )
    return {"back": back, "next": following}


def _after_question(conversation_id: int, guide: Guide, index: int, form: AnswerForm) -> str:
    if form.add_quote.data:
        key = guide.questions[index].key
        return url_for("capture.question", conversation_id=conversation_id, key=key, _anchor="quotes")
    return _neighbours(conversation_id, guide, index)["back" if form.back.data else "next"]


def _client_id(value: object) -> bool:
    """An id made on the tablet: absent, or a short string."""
    return value is None or (isinstance(value, str) and len(value) <= 64)


def _change_id_header() -> str | None:
    """The id the tablet gave a form it sent (see CHANGE_ID), when it gave a good one."""
    value = request.headers.get(CHANGE_ID)
    return value if value and _client_id(value) else None


# Check, submit, what happens next


@bp.route("/<int:conversation_id>/check")
@allow(EXPERT)
def check(conversation_id: int):
    conversation = _held(conversation_id)
    if _must_be_in_progress(conversation, consented=True) and conversation["status"] != "submitted":
        return redirect(_resume_url(conversation))
    return _render(
        "capture/check.html", conversation, answers=data.answers(conversation_id), form=ConfirmForm()
    )


@bp.route("/<int:conversation_id>/submit", methods=["POST"])
@allow(EXPERT)
def submit(conversation_id: int):
    conversation = _held(conversation_id, "submit_conversation")
    if ConfirmForm().validate_on_submit() and conversation["status"] == "in_progress":
        data.submit(conversation_id)  # a second click finds it submitted and changes nothing
    return redirect(_resume_url(data.held_by(current_user, conversation_id)))


@bp.route("/<int:conversation_id>/finished", methods=["GET", "POST"])
@allow(EXPERT)
def finished(conversation_id: int):
    conversation = _held(
        conversation_id, "view_conversation" if request.method == "GET" else "change_reflection"
    )
    if conversation["status"] != "submitted" and not _offline_copy(conversation):
        return redirect(_resume_url(conversation))
    form = ReflectionForm(
        data={"noticed": conversation["reflection_noticed"], "change": conversation["reflection_change"]}
    )
    if form.validate_on_submit():
        data.save_reflection(conversation_id, form.noticed.data, form.change.data)
        flash(_("Your reflection is saved."), "success")
        return redirect(url_for("capture.finished", conversation_id=conversation_id))
    return _render("capture/finished.html", conversation, form=form)


# Safeguarding


@bp.route("/<int:conversation_id>/worried", methods=["GET", "POST"])
@allow(EXPERT)
def worried(conversation_id: int):
    conversation = _held(conversation_id, "view_conversation" if request.method == "GET" else "raise_concern")
    form = ConcernForm()
    if form.validate_on_submit():
        concern_id = data.raise_concern(
            conversation_id,
            current_user.id,
            form.what_was_said.data,
            form.when_said.data,
            form.person_knows.data,
            change_id=_change_id_header(),
        )
        record("raise_concern", "safeguarding_concern", concern_id)
        return redirect(url_for("capture.worried_saved", conversation_id=conversation_id))
    return _render("capture/worried.html", conversation, form=form)


@bp.route("/<int:conversation_id>/worried/saved")
@allow(EXPERT)
def worried_saved(conversation_id: int):
    conversation = _held(conversation_id)
    return _render("capture/worried_saved.html", conversation, resume_url=_resume_url(conversation))
