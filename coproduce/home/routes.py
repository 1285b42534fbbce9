from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from coproduce.auth import Role, allow, public
from coproduce.capture import data as conversations
from coproduce.capture import offline_data
from coproduce.db import check_connection
from coproduce.followup import plan_data
from coproduce.home import bp, tables
from coproduce.paging import requested
from coproduce.reviews import data as reviews
from coproduce.web import file_version


@bp.route("/")
@allow()
def index():
    if current_user.role == Role.EXPERT_BY_EXPERIENCE:
        to_hold = conversations.to_hold(current_user)
        finished = conversations.finished(current_user, requested("finished_page"))
        return render_template(
            "home/expert.html",
            to_hold=to_hold,
            to_hold_table=tables.conversations_table(_("Still to do"), to_hold, True) if to_hold else "",
            finished=finished,
            finished_table=tables.conversations_table(_("Finished"), finished.rows, False, finished)
            if finished.rows
            else "",
            kept_offline=len(offline_data.to_keep_offline(current_user)),
            keep_days=offline_data.KEEP_DAYS_AHEAD,
            expert_reviews=reviews.visible_reviews(current_user),
        )
    visible = reviews.visible_reviews(current_user)
    counts = reviews.conversation_counts([review["id"] for review in visible])
    return render_template(
        "home/reviews.html",
        reviews=visible,
        counts=counts,
        concerns=conversations.open_concerns(current_user),
        actions_due=plan_data.actions_due(current_user.council_id)
        if current_user.role == Role.AUTHORITY_CONTACT
        else [],
        meetings_due=[],
    )


@bp.route("/help")
@public
def help():
    return render_template("home/help.html")


@bp.route("/healthz")
@public
def healthz():
    check_connection()
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.route("/service-worker.js")
@public
def service_worker():
    """The service worker that keeps conversation screens on a tablet. It is served from the root,
    not /static/, because a service worker looks after the pages under the path it is served from.
    The browser checks it for a change on most visits, so it is sent whole (not streamed), to be
    compressed (coproduce/web.py)."""
    path = Path(current_app.static_folder or "static") / "js" / "service-worker.js"
    version = file_version(str(path)) or ""
    response = Response(_without_comment_lines(str(path), version), mimetype="text/javascript")
    response.set_etag(version)
    return response.make_conditional(request)


@lru_cache(maxsize=4)
def _without_comment_lines(path: str, _version: str) -> bytes:
    """The worker's script less its lines of comment (a third of it, which the browser fetches on
    most visits to check for a change): lines that start with `//`, `/**` or `*`."""
    lines = Path(path).read_bytes().splitlines(keepends=True)
    return b"".join(line for line in lines if not line.lstrip().startswith((b"//", b"/**", b"*")))
