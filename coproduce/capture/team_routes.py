"""The review team's view of a conversation: reading it, acting on a concern, reopening it, and
recording that the person withdrew."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coproduce.audit import record
from coproduce.auth import allow
from coproduce.capture import bp, data
from coproduce.capture.forms import (
    ActionForm,
    ConfirmForm,
)
from coproduce.capture.routes import TEAM, _render


@bp.route("/<int:conversation_id>/view")
@allow(*TEAM)
def view(conversation_id: int):
    conversation = data.for_team(current_user, conversation_id)
    record("view_conversation", "conversation", conversation_id)
    return _team_page(conversation)


def _team_page(conversation: dict[str, Any], action_form: ActionForm | None = None, status: int = 200):
    return (
        _render(
            "capture/view.html",
            conversation,
            answers=data.answers(conversation["id"]),
            concerns=data.concerns(conversation["id"]),
            form=action_form or ActionForm(),
            confirm=ConfirmForm(),
        ),
        status,
    )


@bp.route("/<int:conversation_id>/concerns/<int:concern_id>", methods=["POST"])
@allow(*TEAM)
def concern_action(conversation_id: int, concern_id: int):
    conversation = data.for_team(current_user, conversation_id)
    concern = next((c for c in data.concerns(conversation_id) if c["id"] == concern_id), None)
    if concern is None:
        abort(404)
    if concern["actioned_at"]:  # another PSW recorded it first: show theirs, keep nothing half-done
        flash(_("Someone in the team has already recorded what was done about this concern."), "info")
        return redirect(url_for("capture.view", conversation_id=conversation_id))
    form = ActionForm()
    if not form.validate_on_submit():
        return _team_page(conversation, form)
    if data.record_action(conversation_id, concern_id, current_user.id, form.action.data):
        record("action_concern", "safeguarding_concern", concern_id)
        flash(_("What was done is recorded."), "success")
    return redirect(url_for("capture.view", conversation_id=conversation_id))


@bp.route("/<int:conversation_id>/reopen", methods=["POST"])
@allow(*TEAM)
def reopen(conversation_id: int):
    conversation = data.for_team(current_user, conversation_id)
    if ConfirmForm().validate_on_submit() and conversation["status"] == "submitted":
        data.reopen(conversation_id)
        record("reopen_conversation", "conversation", conversation_id)
        flash(_("The conversation is open again. The expert by experience can change it."), "success")
    return redirect(url_for("capture.view", conversation_id=conversation_id))


@bp.route("/<int:conversation_id>/withdraw", methods=["GET", "POST"])
@allow(*TEAM)
def withdraw(conversation_id: int):
    conversation = data.for_team(current_user, conversation_id)
    form = ConfirmForm()
    if conversation["withdrawn_at"]:
        return redirect(url_for("capture.view", conversation_id=conversation_id))
    if form.validate_on_submit():
        data.withdraw(conversation_id, current_user.id)
        record("withdraw_conversation", "conversation", conversation_id)
        flash(_("The person's answers are erased. A record remains that they withdrew."), "success")
        return redirect(url_for("capture.view", conversation_id=conversation_id))
    record("view_conversation", "conversation", conversation_id)
    return _render("capture/withdraw.html", conversation, form=form)
