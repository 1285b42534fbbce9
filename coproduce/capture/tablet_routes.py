"""What the tablet's scripts call: background saves of an answer, the screens to keep for working
with no connection, and short answers to forms sent in the background (static/js/outbox.mjs and
service-worker.js)."""

from __future__ import annotations

import hashlib

from flask import current_app, jsonify, render_template, request, session, url_for
from flask.ctx import RequestContext
from flask.sessions import SecureCookieSession
from flask.testing import EnvironBuilder
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from coproduce.auth import OFFLINE_COPY, allow, session_limits
from coproduce.capture import bp, data, offline_data
from coproduce.capture.forms import (
    MAX_TEXT,
)
from coproduce.capture.routes import BACKGROUND, EASY_READ, EXPERT, _client_id, _held, _question_or_404
from coproduce.codes import RATINGS
from coproduce.guides import answers
from coproduce.i18n import language
from coproduce.web import accepts_json


@bp.route("/<int:conversation_id>/questions/<key>/autosave", methods=["POST"])
@allow(EXPERT)
@accepts_json
def autosave(conversation_id: int, key: str):
    """Background save from the tablet: JSON {version, rating, choice, notes, quotes, skipped, change_id,
    after_change}, the CSRF token in the X-CSRFToken header (see `data.save_answer`). A stale
    version is refused with 409 and the answer as stored, so the tablet can show both texts; nothing
    is overwritten."""
    conversation = _held(conversation_id, "change_answer")
    guide = data.guide_of(conversation)
    _index, asked = _question_or_404(guide, key)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("version"), int):
        return jsonify(error="bad request"), 400
    too_long = _l("Write %(max)s characters or fewer", max="20,000")  # looked up only when sent
    notes, rating, quotes = body.get("notes") or "", body.get("rating") or None, body.get("quotes")
    if not isinstance(notes, str) or len(notes) > MAX_TEXT:
        return jsonify(error=str(too_long)), 400
    if rating is not None and (rating not in RATINGS or "rating" not in asked.answers):
        return jsonify(error="bad rating"), 400
    choice = body.get("choice") or None
    if choice is not None and choice not in answers.choice_codes(asked):
        return jsonify(error="bad choice"), 400
    skipped, change_id, after_change = body.get("skipped"), body.get("change_id"), body.get("after_change")
    if not (skipped is None or isinstance(skipped, bool)) or not all(
        _client_id(value) for value in (change_id, after_change)
    ):
        return jsonify(error="bad request"), 400
    if quotes is not None:
        if not isinstance(quotes, list) or not all(_good_quote(q) for q in quotes):
            return jsonify(error=str(too_long)), 400
        quotes = [
            {
                "id": q.get("id"),
                "client_id": q.get("client_id"),
                "text": q.get("text") or "",
                "kind": q.get("kind"),
            }
            for q in quotes
        ]
        for quote in quotes:
            quote["kind"] = quote["kind"] or "verbatim"
    try:
        saved = data.save_answer(
            conversation_id,
            key,
            body["version"],
            rating=rating,
            choice=choice,
            notes=notes,
            quotes=quotes,
            skipped=skipped,
            change_id=change_id or None,
            after_change=after_change or None,
        )
    except data.Conflict as conflict:
        if conflict.current is None:  # sent, or closed: no answer can change now
            return jsonify(error="closed"), 409
        current = conflict.current
        return jsonify(
            error="conflict",
            version=current["version"],
            rating=current["rating"],
            choice=current["choice"],
            notes=current["notes"] or "",
            skipped=bool(current["skipped"]),
            quotes=[{"id": q["id"], "text": q["text"], "kind": q["kind"]} for q in current["quotes"]],
        ), 409
    return jsonify(
        version=saved["version"],
        saved_at=saved["updated_at"],
        quotes=[{"id": q["id"], "client_id": q["client_id"]} for q in saved["quotes"]],
    )


def _good_quote(quote: object) -> bool:
    return (
        isinstance(quote, dict)
        and isinstance(quote.get("text", ""), str)
        and len(quote.get("text") or "") <= MAX_TEXT
        and quote.get("kind", "verbatim") in ("verbatim", "interpreted", None)
        and (quote.get("id") is None or isinstance(quote.get("id"), int))
        and _client_id(quote.get("client_id"))
    )


@bp.route("/offline.json")
@allow(EXPERT)
def offline_copies():
    """The screens the tablet keeps so that conversations can be held with no connection: every
    screen of the conversations under way and those planned soon (capture/offline_data.py), with a
    stamp that changes when their screens change (the conversation moved on, the language was
    switched, or bigger text turned on or off), their home page and the page shown for anything not
    kept. The worker fetches a conversation's screens again only when its stamp changes, and then
    gets 304 for each screen that is the same (coproduce/web.py)."""
    conversations = []
    for row in offline_data.to_keep_offline(current_user):
        cid = row["id"]
        pages = _screens(cid)
        conversations.append(
            {
                "id": cid,
                "stamp": f"{row['version']}/{language().code}/{int(session.get(EASY_READ, False))}",
                "pages": pages,
                "copy": url_for("capture.offline_copy", conversation_id=cid),
            }
        )
    return jsonify(
        pages=[url_for("home.index"), url_for("capture.offline")],
        conversations=conversations,
        # The tablet serves the kept screens with no connection only while this session could
        # still be alive on the server (static/js/service-worker.js).
        session=session_limits(),
    )


def _screens(conversation_id: int) -> list[str]:
    guide = data.guide_of(data.held_by(current_user, conversation_id))
    pages = [url_for(endpoint, conversation_id=conversation_id) for endpoint in OFFLINE_SCREENS]
    return pages + [
        url_for("capture.question", conversation_id=conversation_id, key=q.key) for q in guide.questions
    ]


# Headers of a kept screen that belong to its one trip over the network, not to the copy.
NOT_KEPT = frozenset({"content-length", "content-encoding", "set-cookie", "vary"})


@bp.route("/<int:conversation_id>/offline-copy")
@allow(EXPERT)
def offline_copy(conversation_id: int):
    """Every screen of one conversation in one answer, for the tablet to keep (the service worker
    asks when the conversation's stamp changes): each screen as `offline_copies` lists it, rendered
    as if asked for by itself (with the same headers), so 24 screens that share most of their
    words are compressed together: about 13 KB instead of about 90 KB one by one. Each screen has
    its own ETag; the answer's ETag is made from theirs, so an unchanged conversation costs a 304.

    The worker sends the ETag of the copy it has (If-None-Match): each screen is then asked for
    with it too, so the conversation's first copy onto a tablet is in the audit log once (see
    capture.routes._held) and its refreshes are not."""
    screens = _screens(conversation_id)
    carried = {
        name: value
        for name, value in request.headers.items()
        if name.lower() in ("cookie", "accept-language", "if-none-match", OFFLINE_COPY.lower())
    }
    carried[OFFLINE_COPY] = "offline"
    pages = []
    app = current_app._get_current_object()
    # The screens see a copy of this session with its form token (made now if it has none yet, and
    # then kept by this answer's cookie), so the forms they carry are accepted later, and a message
    # waiting for the person's next page is not used up by a screen kept in the background.
    generate_csrf()
    seen_by_screens = {key: value for key, value in session.items() if key != "_flashes"}
    for url in screens:
        environ = EnvironBuilder(
            app, url, headers=carried, environ_base={"REMOTE_ADDR": request.remote_addr or ""}
        ).get_environ()
        with RequestContext(app, environ, session=SecureCookieSession(seen_by_screens)):
            response = app.full_dispatch_request()
            if response.status_code != 200:
                return jsonify(error="not_kept", screen=url), 409
            headers = {
                name: value for name, value in response.headers.items() if name.lower() not in NOT_KEPT
            }
            pages.append({"url": url, "html": response.get_data(as_text=True), "headers": headers})
    bundle = jsonify(pages=pages)
    digest = hashlib.sha256("".join(page["headers"].get("ETag", "") for page in pages).encode())
    bundle.set_etag(digest.hexdigest()[:24], weak=True)
    return bundle.make_conditional(request)


OFFLINE_SCREENS = (
    "capture.prepare",
    "capture.presence",
    "capture.consent",
    "capture.ended",
    "capture.questions",
    "capture.check",
    "capture.finished",
    "capture.worried",
    "capture.worried_saved",
)


@bp.route("/offline")
@allow(EXPERT)
def offline():
    """Shown with no connection in place of a page the tablet did not keep."""
    return render_template("capture/offline.html")


@bp.after_request
def _answer_background_sends(response):
    """A form the tablet's script sends in the background gets a short answer, not a page: where
    to go next, or (422) that the form needs correcting, which the script then shows by sending
    the form the ordinary way."""
    if request.method != "POST" or request.headers.get(BACKGROUND) != "background":
        return response
    if response.status_code in (301, 302, 303):
        return jsonify(next=response.location)
    if response.status_code == 200 and response.mimetype == "text/html":
        invalid = jsonify(error="invalid")
        invalid.status_code = 422
        return invalid
    return response
