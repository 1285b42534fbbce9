from __future__ import annotations

import logging
from typing import Any

from flask import Response, abort, flash, make_response, render_template, request
from flask_babel import gettext as _

from coproduce.auth import allow, public
from coproduce.guides import bp, interpreting, loader, pack, pictures
from coproduce.guides.forms import PackForm

log = logging.getLogger(__name__)
ONE_YEAR = 365 * 24 * 3600
ONE_DAY = 24 * 3600


@bp.route("/pictures/<code>.svg")
@public
def picture(code: str):
    """An OpenMoji picture by hexcode (such as 1F4AC), for guides on screen and in packs. Asked for
    with its version (`?v=`, which url_for adds) it is kept for ever; asked for without it, or with
    another, for a day. It is sent whole, not streamed, so that it can be compressed."""
    content, version = pictures.svg(code), pictures.version(code)
    if content is None or version is None:
        abort(404)
    response = Response(content, mimetype="image/svg+xml")
    response.set_etag(version)
    if request.args.get("v") == version:
        response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = f"public, max-age={ONE_DAY}"
    return response.make_conditional(request)


@bp.url_defaults
def _picture_version(endpoint: str, values: dict[str, Any]) -> None:
    """Every address of a picture names its version (see `picture`)."""
    if endpoint == "guides.picture" and "v" not in values:
        version = pictures.version(str(values.get("code", "")))
        if version:
            values["v"] = version


@bp.route("/guides/pictures")
@public
def about_pictures():
    return render_template("guides/about_pictures.html", openmoji=pictures)


@bp.route("/guides")
@allow()
def index():
    guides = sorted({slug for slug, _v in loader.all_guides()})
    return render_template("guides/index.html", guides=[loader.latest(slug) for slug in guides])


def _guide(slug: str):
    try:
        return loader.latest(slug)
    except KeyError:
        abort(404)


@bp.route("/guides/<slug>")
@allow()
def show(slug: str):
    return render_template("guides/show.html", guide=_guide(slug))


@bp.route("/guides/<slug>/pack")
@allow()
def pack_form(slug: str):
    guide = _guide(slug)
    form = PackForm(request.args)
    if "language" in request.args and form.validate():
        code, fmt = form.language.data, form.format.data
        options = pack.Options(form.large_print.data, interpreting.key_of(form.interpreter.data))
        try:
            body = pack.render(guide, code, fmt, options)
        except pack.PackError:
            log.exception("pack for %s in %s failed", slug, code)
            flash(_("Sorry, the pack could not be made. Please try again, or choose the web page format."))
            return render_template("guides/pack_form.html", guide=guide, form=form), 500
        response = make_response(body)
        response.mimetype = "application/pdf" if fmt == "pdf" else "text/html"
        name = pack.filename(guide, code, fmt, options)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render_template("guides/pack_form.html", guide=guide, form=form)
