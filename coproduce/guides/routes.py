from __future__ import annotations

import logging

from flask import abort, flash, make_response, render_template, request, send_file
from flask_babel import gettext as _

from coproduce.auth import allow, public
from coproduce.guides import bp, interpreting, loader, pack, pictures
from coproduce.guides.forms import PackForm

log = logging.getLogger(__name__)
ONE_YEAR = 365 * 24 * 3600


@bp.route("/pictures/<code>.svg")
@public
def picture(code: str):
    """An OpenMoji picture by hexcode (such as 1F4AC), for guides on screen and in packs."""
    path = pictures.svg_path(code)
    if path is None:
        abort(404)
    response = send_file(path, mimetype="image/svg+xml", max_age=ONE_YEAR)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


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
