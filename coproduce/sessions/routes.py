"""Practitioner and manager sessions, in the order of their screens: the review's sessions, and one
session's record (new or changed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coproduce import audit
from coproduce.auth import Role, allow
from coproduce.reviews.data import review_for
from coproduce.sessions import bp, data
from coproduce.sessions.forms import session_form

TEAM = (Role.COORDINATOR, Role.PSW)


@bp.route("/reviews/<int:review_id>/sessions")
@allow(*TEAM)
def index(review_id: int):
    review = review_for(current_user, review_id)
    return render_template("sessions/index.html", review=review, sessions=data.sessions(review_id))


@bp.route("/reviews/<int:review_id>/sessions/new", methods=["GET", "POST"])
@allow(*TEAM)
def new(review_id: int):
    """Record a session."""
    return _session_page(review_id, None)


@bp.route("/reviews/<int:review_id>/sessions/<int:session_id>", methods=["GET", "POST"])
@allow(*TEAM)
def edit(review_id: int, session_id: int):
    """Change a session."""
    return _session_page(review_id, session_id)


def _session_page(review_id: int, session_id: int | None):
    """A session's kind, date, numbers by role, notes for each prompt and key messages."""
    review = review_for(current_user, review_id)
    session = data.session_in(review_id, session_id) if session_id else None
    prompts = data.prompts_of(session)
    values: dict[str, Any] | None = None
    if request.method == "GET" and session:
        values = {
            "version": session["version"],
            "kind": session["kind"],
            "held_on": date.fromisoformat(session["held_on"]),
            "key_messages": session["key_messages"],
            **{f"attended_{role}": n for role, n in session["attendance"].items()},
            **{
                f"note_{n}": session["notes"].get(question.key)
                for n, (_section, question) in enumerate(prompts.questions())
            },
        }
    form = session_form(prompts, data=values)
    if form.validate_on_submit():
        fields = {
            "kind": form.kind.data,
            "held_on": form.held_on.data.isoformat(),
            "attendance": form.attendance(),
            "key_messages": form.key_messages.data,
        }
        try:
            saved = data.save_session(
                review_id, session_id, int(form.version.data or 0), fields, form.texts(), current_user.id
            )
        except data.Changed:
            form.version.data = str(data.session_in(review_id, session_id or 0)["version"])
            flash(_("This session was saved by someone else. Check the notes and save again."), "error")
        else:
            audit.record("change" if session_id else "add", "session", saved)
            flash(_("Session saved"), "success")
            return redirect(url_for(".index", review_id=review_id))
    return render_template("sessions/edit.html", review=review, session=session, prompts=prompts, form=form)
