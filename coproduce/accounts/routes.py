from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coproduce.accounts import bp
from coproduce.accounts.data import set_locale
from coproduce.accounts.forms import SignInForm
from coproduce.audit import record
from coproduce.auth import (
    allow,
    check_credentials,
    end_session,
    public,
    record_failed_sign_in,
    sign_ins_blocked,
    start_session,
)
from coproduce.i18n import explicit_choice


def _safe_next(target: str | None) -> str:
    """Only a path on this site may follow sign-in, never another site."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    if form.validate_on_submit():
        if sign_ins_blocked(form.email.data, request.remote_addr):
            record("sign_in_blocked", detail=form.email.data.strip().lower()[:254])
            form.email.errors.append(_("Too many tries. Wait 5 minutes, then try again."))
            return render_template("accounts/login.html", form=form), 429
        user = check_credentials(form.email.data, form.password.data)
        if user is not None:
            choice = explicit_choice()  # a language chosen before signing in carries on after
            start_session(user)
            if choice and choice != user["locale"]:
                set_locale(user["id"], choice)
            record("sign_in", "user", user["id"])
            return redirect(_safe_next(request.args.get("next")))
        record_failed_sign_in(form.email.data, request.remote_addr)
        record("sign_in_failed", detail=form.email.data.strip().lower()[:254])
        form.email.errors.append(_("Enter a correct email address and password"))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@allow()
def logout():  # type: ignore[no-untyped-def]
    record("sign_out", "user", current_user.id)
    end_session()
    return redirect(url_for("auth.signed_out"))


@bp.route("/signed-out")
@public
def signed_out():  # type: ignore[no-untyped-def]
    return render_template("accounts/signed_out.html")
