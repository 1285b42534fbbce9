"""The printable pack of a person's conversation, for the expert by experience who holds it."""

from __future__ import annotations

import logging

from flask import flash, make_response, redirect, url_for
from flask_babel import gettext as _

from coproduce.auth import allow
from coproduce.capture import bp, data
from coproduce.capture.routes import EXPERT, _held, _languages
from coproduce.guides import pack

log = logging.getLogger(__name__)


@bp.route("/<int:conversation_id>/pack.pdf")
@allow(EXPERT)
def person_pack(conversation_id: int):
    """The printable pack for this person's conversation, in their language beside English."""
    conversation = _held(conversation_id)
    guide = data.guide_of(conversation)
    code = _languages(conversation)["guide"] or "en"
    options = pack.options_for(conversation)
    try:
        body = pack.render(guide, code, "pdf", options)
    except pack.PackError:
        log.exception("the pack for conversation %s failed", conversation_id)
        flash(_("Sorry, the pack could not be made. Please try again."))
        return redirect(url_for("capture.prepare", conversation_id=conversation_id))
    response = make_response(body)
    response.mimetype = "application/pdf"
    name = pack.filename(guide, code, "pdf", options)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
