from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from coproduce.accounts import bp, data
from coproduce.accounts.forms import SignInForm, TurnOffTwoFactorForm, TwoFactorCodeForm
from coproduce.audit import record
from coproduce.auth import (
    allow,
    check_credentials,
    end_session,
    new_nonce,
    public,
    record_failed_sign_in,
    sign_ins_blocked,
    start_session,
    touch_session,
)
from coproduce.i18n import explicit_choice

# How long someone has, after a correct password, to give the code from their authenticator app.
TWO_FACTOR_PENDING_SECONDS = 300


def _too_many() -> str:
    return _("Too many tries. Wait 5 minutes, then try again.")


def _safe_next(target: str | None) -> str:
    """Only a page on this site may follow sign-in, never another site, nor an address that only
    takes a form (a person sent there would see 405)."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        try:
            current_app.url_map.bind("localhost").match(urlsplit(target).path, method="GET")
        except MethodNotAllowed:
            return url_for("home.index")
        except (NotFound, RequestRedirect):
            pass  # the page says so itself, or the redirect leads on
        return target
    return url_for("home.index")


def _finish_sign_in(user: dict[str, Any], target: str | None):
    choice = explicit_choice()  # a language chosen before signing in carries on after
    start_session(user)
    if choice and choice != user["locale"]:
        data.set_locale(user["id"], choice)
    record("sign_in", "user", user["id"])
    return redirect(_safe_next(target))


def needs_code(user: dict[str, Any]) -> bool:
    """Whether this person signs in with a code from an authenticator app as well."""
    return bool(user["totp_secret"]) or data.two_factor_required(user["role"])


def begin_sign_in(user: dict[str, Any], target: str | None):
    """After a correct password (at sign-in, or a new one set from a link): signed in, or on to
    the code from the authenticator app (set one up first if the role requires it). A link from
    the coordinator proves who someone is no more than a password does."""
    if needs_code(user):
        session["two_factor"] = {"user_id": user["id"], "since": int(time.time()), "next": target}
        return redirect(url_for("auth.two_factor"))
    return _finish_sign_in(user, target)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:  # signed in meanwhile (in another tab, say): on to the page asked for
        return redirect(_safe_next(request.args.get("next")))
    form = SignInForm()
    if form.validate_on_submit():
        if sign_ins_blocked(form.email.data, request.remote_addr):
            record("sign_in_blocked", detail=form.email.data.strip().lower()[:254])
            form.email.errors.append(_too_many())
            return render_template("accounts/login.html", form=form), 429
        user = check_credentials(form.email.data, form.password.data)
        if user is not None:
            return begin_sign_in(user, request.args.get("next"))
        record_failed_sign_in(form.email.data, request.remote_addr)
        record("sign_in_failed", detail=form.email.data.strip().lower()[:254])
        form.email.errors.append(_("Enter a correct email address and password"))
    return render_template("accounts/login.html", form=form)


def _pending_user() -> dict[str, Any] | None:
    """The person who gave a correct password just now and still owes their code."""
    pending = session.get("two_factor")
    if not pending or time.time() - pending["since"] > TWO_FACTOR_PENDING_SECONDS:
        session.pop("two_factor", None)
        return None
    return data.user_by_id(pending["user_id"])


@bp.route("/login/code", methods=["GET", "POST"])
@public
def two_factor():
    """The second step of sign-in: a code from an authenticator app (set one up first if required)."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    user = _pending_user()
    if user is None:
        flash(_("Sign in again, then enter the code."), "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorCodeForm()
    setting_up = not user["totp_secret"]
    if setting_up:
        nonce = session["two_factor"].setdefault("setup", new_nonce())
        session.modified = True
        secret = data.totp_secret_for_setup(user["id"], nonce)
    else:
        secret = user["totp_secret"]
    if form.validate_on_submit():
        if sign_ins_blocked(user["email"], request.remote_addr):
            record("sign_in_blocked", "user", user["id"])
            form.code.errors.append(_too_many())
            return _two_factor_page(form, user, secret, setting_up), 429
        step = data.totp_step(secret, form.code.data, None if setting_up else user["totp_last_step"])
        if step is not None and (setting_up or data.use_totp_step(user["id"], step)):
            if setting_up:
                data.set_totp_secret(user["id"], secret, step)
                record("two_factor_on", "user", user["id"])
            return _finish_sign_in(user, session["two_factor"].get("next"))
        record_failed_sign_in(user["email"], request.remote_addr)
        record("sign_in_failed", "user", user["id"], detail="wrong code")
        form.code.errors.append(_("The code is not right. Enter the code your app shows now."))
    return _two_factor_page(form, user, secret, setting_up)


def _two_factor_page(form: TwoFactorCodeForm, user: dict[str, Any], secret: str, setting_up: bool) -> str:
    return render_template(
        "accounts/two_factor.html",
        form=form,
        setting_up=setting_up,
        secret=secret,
        uri=data.totp_uri(secret, user["email"]),
    )


SETUP_KEY = "totp_setup"


@bp.route("/account/two-factor", methods=["GET", "POST"])
@allow()
def account_two_factor():
    """Turn two-factor sign-in on (with a code from the app) or off (unless it is required)."""
    user = data.user_by_id(current_user.id)
    form = TwoFactorCodeForm()
    if not user["totp_secret"] and form.validate_on_submit():
        secret = data.totp_secret_for_setup(user["id"], session.setdefault(SETUP_KEY, new_nonce()))
        step = data.totp_step(secret, form.code.data)
        if step is not None:
            data.set_totp_secret(user["id"], secret, step)
            session.pop(SETUP_KEY, None)
            record("two_factor_on", "user", user["id"])
            flash(_("Two-factor sign-in is on."), "success")
            return redirect(url_for("auth.account_two_factor"))
        form.code.errors.append(_("The code is not right. Enter the code your app shows now."))
    return _account_two_factor_page(user, form, TurnOffTwoFactorForm(formdata=None))


def _account_two_factor_page(user: dict[str, Any], form: TwoFactorCodeForm, off_form: TurnOffTwoFactorForm):
    secret = None
    if not user["totp_secret"]:
        secret = data.totp_secret_for_setup(user["id"], session.setdefault(SETUP_KEY, new_nonce()))
    return render_template(
        "accounts/two_factor_account.html",
        form=off_form if user["totp_secret"] else form,  # the form on the page (its errors summed up)
        off_form=off_form,
        on=bool(user["totp_secret"]),
        required=data.two_factor_required(current_user.role),
        secret=secret,
        uri=data.totp_uri(secret, user["email"]) if secret else None,
    )


@bp.route("/account/two-factor/off", methods=["POST"])
@allow()
def account_two_factor_off():
    """Turning it off needs the password again: a session left open on a shared computer must not
    be enough to take away the second step."""
    if data.two_factor_required(current_user.role):
        flash(_("Two-factor sign-in is required for your role, so it stays on."), "info")
        return redirect(url_for("auth.account_two_factor"))
    off_form = TurnOffTwoFactorForm()
    if off_form.validate_on_submit():
        if sign_ins_blocked(current_user.email, request.remote_addr):
            off_form.password.errors.append(_too_many())
        elif check_credentials(current_user.email, off_form.password.data) is None:
            record_failed_sign_in(current_user.email, request.remote_addr)
            record("two_factor_off_refused", "user", current_user.id)
            off_form.password.errors.append(
                _("The password is not right. Enter the password you sign in with.")
            )
        else:
            data.set_totp_secret(current_user.id, None)
            record("two_factor_off", "user", current_user.id)
            flash(_("Two-factor sign-in is off."), "success")
            return redirect(url_for("auth.account_two_factor"))
    user = data.user_by_id(current_user.id)
    return _account_two_factor_page(user, TwoFactorCodeForm(formdata=None), off_form)


@bp.route("/session/extend", methods=["GET", "POST"])
@allow()
def extend_session():
    """Stay signed in: the warning before an idle session ends posts here. After the session has
    ended, the sign-in page comes first and then a GET here: both go back to the screen in `next`."""
    if request.method == "GET":
        return redirect(_safe_next(request.args.get("next")))
    touch_session()
    if request.accept_mimetypes.best == "application/json":
        return _time_left()
    flash(_("You are still signed in."), "success")
    return redirect(_safe_next(request.values.get("next")))


@bp.route("/session/status")
@allow()
def session_status():
    """How long until the idle limit ends the session, for the warning to ask before it opens. Asking
    is not activity (coproduce/auth.py): it does not move the idle clock."""
    return _time_left()


def _time_left() -> dict[str, Any]:
    """The seconds left on the idle clock, and the warning's words for them in the person's language."""
    left = max(g.session_seconds_left, 0)
    if left >= 60:
        text = ngettext(
            "To keep your information safe, we will sign you out in %(num)d minute.",
            "To keep your information safe, we will sign you out in %(num)d minutes.",
            left // 60,
        )
    else:
        text = ngettext(
            "To keep your information safe, we will sign you out in %(num)d second.",
            "To keep your information safe, we will sign you out in %(num)d seconds.",
            left,
        )
    return {"seconds_left": left, "text": text}


@bp.route("/session/token")
@allow()
def session_token():
    """A fresh form token, for a screen kept on a tablet or open since before the person signed in
    again: the tablet's script sends what was typed with it."""
    return {"csrf_token": generate_csrf()}


@bp.route("/logout", methods=["POST"])
@allow()
def logout():
    record("sign_out", "user", current_user.id)
    end_session()
    response = redirect(url_for("auth.signed_out"))
    # Nothing of the conversations stays on a shared tablet: the kept screens and anything typed
    # (static/js/outbox-status.mjs has already sent it, or the person chose to delete it).
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/signed-out")
@public
def signed_out():
    return render_template("accounts/signed_out.html")
