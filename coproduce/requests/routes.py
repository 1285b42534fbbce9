from __future__ import annotations

import logging
from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from coproduce import audit
from coproduce.auth import Role, allow
from coproduce.codes import label
from coproduce.guides import focus, interpreting, loader, pack
from coproduce.guides.model import Guide
from coproduce.i18n import LANGUAGES
from coproduce.requests import bp, data
from coproduce.requests.forms import RequestForm, StatusForm
from coproduce.reviews.data import visible_reviews

log = logging.getLogger(__name__)


def _guide_choices() -> list[SelectChoice]:
    slugs = sorted({slug for slug, _v in loader.all_guides()})
    return [SelectChoice(slug, _(loader.latest(slug).title)) for slug in slugs]


@bp.route("/")
@allow(Role.COORDINATOR, Role.AUTHORITY_CONTACT)
def index():
    return render_template("requests/index.html", requests=data.requests_for(current_user))


@bp.route("/new", methods=["GET", "POST"])
@allow(Role.AUTHORITY_CONTACT)
def new():
    form = RequestForm(visible_reviews(current_user), _guide_choices())
    if request.method == "GET" and request.args.get("review_id", "").isdigit():
        form.review_id.data = int(request.args["review_id"])
    if form.validate_on_submit():
        fields = {name: field.data for name, field in form._fields.items()}
        fields["needed_by"] = form.needed_by.data.isoformat() if form.needed_by.data else None
        request_id = data.create(current_user, fields)
        audit.record("guide_request_created", "guide_request", request_id)
        flash(_("Your request has been sent. The coordinator will get the packs ready."), "success")
        return redirect(url_for("requests.show", request_id=request_id))
    return render_template("requests/new.html", form=form), 400 if form.errors else 200


@bp.route("/<int:request_id>")
@allow(Role.COORDINATOR, Role.AUTHORITY_CONTACT)
def show(request_id: int):
    guide_request = data.request_for(current_user, request_id)
    status_form = (
        StatusForm(status=guide_request["status"]) if current_user.role == Role.COORDINATOR else None
    )
    return _show(guide_request, status_form)


def _guide_for(guide_request: dict[str, Any]) -> Guide:
    """The newest version of the requested guide, with the focus modules of the request's review."""
    slugs = focus.review_module_slugs(guide_request["review_focus"], guide_request["review_modules"])
    return loader.latest(guide_request["guide_slug"]).with_modules(focus.latest_modules(slugs))


def _show(guide_request, status_form, code: int = 200):
    try:
        guide = _guide_for(guide_request)
    except KeyError:
        guide = None
    modes = interpreting.interpreting().modes
    return (
        render_template(
            "requests/show.html",
            req=guide_request,
            guide=guide,
            history=data.history(guide_request["id"]),
            form=status_form,
            interpreters=[
                _(mode.name) if (mode := modes.get(kind)) else label("interpreter_type", kind)
                for kind in guide_request["interpreter_types"]
            ],
            packs=[
                {**each, "mode": interpreting.mode(each["interpreter"])}
                for each in data.packs(guide_request, LANGUAGES)
            ],
        ),
        code,
    )


@bp.route("/<int:request_id>/status", methods=["POST"])
@allow(Role.COORDINATOR)
def update_status(request_id: int):
    guide_request = data.request_for(current_user, request_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _show(guide_request, form, 400)
    data.set_status(current_user, request_id, form.status.data, form.note.data)
    audit.record("guide_request_status", "guide_request", request_id, detail=form.status.data)
    flash(_("The status is saved."), "success")
    return redirect(url_for("requests.show", request_id=request_id))


@bp.route("/<int:request_id>/packs/<code>.<fmt>")
@allow(Role.COORDINATOR, Role.AUTHORITY_CONTACT)
def download(request_id: int, code: str, fmt: str):
    guide_request = data.request_for(current_user, request_id)
    options = pack.Options(
        large_print=request.args.get("size") == "large",
        interpreter=request.args.get("interpreter"),
        contact=pack.review_contact(
            guide_request["review_title"],
            guide_request["council_name"],
            guide_request["review_contact_phone"],
        ),
    )
    wanted = {"code": code, "interpreter": options.interpreter}
    if (
        guide_request["status"] != "ready"
        or wanted not in data.packs(guide_request, LANGUAGES)
        or fmt not in pack.FORMATS
    ):
        abort(404)
    try:
        guide = _guide_for(guide_request)
        body = pack.render(guide, code, fmt, options)
    except (KeyError, pack.PackError):
        log.exception("pack for request %s in %s (%s) failed", request_id, code, fmt)
        flash(_("Sorry, the pack could not be made. Please try again, or choose the web page format."))
        return _show(guide_request, None, 500)
    response = make_response(body)
    response.mimetype = "application/pdf" if fmt == "pdf" else "text/html"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{pack.filename(guide, code, fmt, options)}"'
    )
    return response
