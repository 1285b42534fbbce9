"""Sign-in, roles and the one permission check every view uses.

Every view is declared with `@allow(...)` (signed-in roles) or `@public`. A request to a view
that declares neither is refused before it runs, so a forgotten check fails closed, and the
route tests fail too.

Sessions live on the server (`user_sessions`), so signing out, deactivating a person, resetting
their authenticator app or an idle/absolute time limit ends a session at once. The session cookie
is signed but not encrypted: anyone who sees it can read it. It holds the random session id (the
key to the session, like any session cookie), the form-token secret, the chosen language and
messages for the next page; never a secret on its own. Where a step needs one (an invitation link
shown once, an authenticator key being set up), the cookie holds a random nonce and the secret is
made from it with the app's SECRET_KEY (`derived_secret`), so the cookie alone reveals nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, abort, current_app, flash, g, redirect, request, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_url, login_user, logout_user

from coproduce.db import get_db, now, write_transaction


class Role(StrEnum):
    COORDINATOR = "coordinator"
    PSW = "psw"
    EXPERT_BY_EXPERIENCE = "expert_by_experience"
    AUTHORITY_CONTACT = "authority_contact"


ROLE_NAMES = {
    Role.COORDINATOR: _l("Coordinator"),
    Role.PSW: _l("Principal Social Worker"),
    Role.EXPERT_BY_EXPERIENCE: _l("Expert by experience"),
    Role.AUTHORITY_CONTACT: _l("Council contact"),
}

# Argon2id at or above OWASP's minimum (m=19 MiB, t=2, p=1). Hashes made with weaker settings are
# upgraded at the next successful sign-in.
password_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)

# Failed sign-ins allowed in the window, per account and per address, counted in the database so the
# limit holds across server processes.
MAX_FAILED_SIGN_INS = 10
FAILED_SIGN_IN_WINDOW = timedelta(minutes=5)
_DUMMY_HASH = password_hasher.hash("a password nobody has")


@dataclass(frozen=True)
class User:
    """The signed-in person, as Flask-Login needs them."""

    id: int
    email: str
    name: str
    role: Role
    council_id: int | None
    locale: str | None
    session_id: str

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return self.session_id

    @property
    def role_name(self) -> str:
        return str(ROLE_NAMES[self.role])


login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Sign in to see this page.")
login_manager.login_message_category = "info"


# The view that tells the idle warning how long is left (static/js/session-warning.mjs).
CLOCK_ENDPOINT = "auth.session_status"

# The header of the service worker's requests for screens to keep (static/js/service-worker.js).
OFFLINE_COPY = "X-Coproduce-Copy"


def wants_json() -> bool:
    """The request comes from a script (a background save, or the service worker keeping a copy of
    a screen), not from a person moving to a page: it gets a short answer, with no message kept
    for the next page (which would rewrite the session cookie, perhaps over a newer sign-in)."""
    return (
        request.is_json
        or request.accept_mimetypes.best == "application/json"
        or OFFLINE_COPY in request.headers
    )


@login_manager.unauthorized_handler
def _not_signed_in():
    """To the sign-in page, and back here after; a script is told in JSON (401), so it can keep
    what was typed and ask the person to sign in again."""
    if wants_json():
        return {"error": "signed_out"}, 401
    flash(str(login_manager.login_message), login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def new_nonce() -> str:
    """A random value to keep in the session cookie in place of a secret (see `derived_secret`)."""
    return secrets.token_urlsafe(24)


def derived_secret(purpose: str, nonce: str) -> bytes:
    """32 bytes made from a nonce kept in the session cookie and the app's SECRET_KEY: the same
    nonce gives the same secret, and without the key the nonce gives nothing away."""
    key = current_app.secret_key
    key_bytes = key.encode() if isinstance(key, str) else bytes(key or b"")
    return hmac.new(key_bytes, f"{purpose}\0{nonce}".encode(), hashlib.sha256).digest()


def hash_password(password: str) -> str:
    return password_hasher.hash(password)


def check_credentials(email: str, password: str) -> dict[str, Any] | None:
    """The active user with this email and password, or None.

    A missing account still costs one hash check, so the time taken does not reveal whether
    the email is known.
    """
    row = next(get_db().query("SELECT * FROM users WHERE email = ? AND active = 1", [email.strip()]), None)
    stored = row["password_hash"] if row and row["password_hash"] else _DUMMY_HASH
    try:
        password_hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if not (row and row["password_hash"]):
        return None
    if password_hasher.check_needs_rehash(stored):
        with write_transaction() as db:
            db.execute(
                "UPDATE users SET password_hash = ? WHERE id = ?", [hash_password(password), row["id"]]
            )
    return row


def _window_start() -> str:
    return (datetime.now(UTC) - FAILED_SIGN_IN_WINDOW).isoformat(timespec="seconds")


def sign_ins_blocked(email: str, remote_addr: str | None) -> bool:
    """True when this account or this address has had too many failed sign-ins just now."""
    row = (
        get_db()
        .execute(
            """SELECT
            (SELECT count(*) FROM login_attempts WHERE email = ? AND at > ?),
            (SELECT count(*) FROM login_attempts WHERE remote_addr = ? AND at > ?)""",
            [email.strip().lower(), _window_start(), remote_addr, _window_start()],
        )
        .fetchone()
    )
    return max(row) >= MAX_FAILED_SIGN_INS


def record_failed_sign_in(email: str, remote_addr: str | None) -> None:
    """Count a failed attempt (whether or not the account exists) and forget old ones."""
    with write_transaction() as db:
        db["login_attempts"].insert({"at": now(), "email": email.strip().lower(), "remote_addr": remote_addr})
        db.execute("DELETE FROM login_attempts WHERE at < ?", [_window_start()])


def start_session(user_row: dict[str, Any]) -> None:
    """Sign a person in with a new server-side session (the old cookie contents are dropped)."""
    session.clear()
    session_id = secrets.token_urlsafe(32)
    stamp = now()
    with write_transaction() as db:
        db["user_sessions"].insert(
            {"id": session_id, "user_id": user_row["id"], "created_at": stamp, "last_seen_at": stamp}
        )
    login_user(_user_from_row(user_row, session_id))
    session.permanent = True


def end_session() -> None:
    if current_user.is_authenticated:
        end_sessions("id = ?", [current_user.session_id])
    logout_user()
    session.clear()


def end_sessions(where: str, params: list[Any]) -> None:
    """End the server-side sessions matching `where` (used on sign-out and deactivation)."""
    with write_transaction() as db:
        db.execute(
            f"UPDATE user_sessions SET ended_at = ? WHERE ended_at IS NULL AND {where}", [now(), *params]
        )


def _user_from_row(row: dict[str, Any], session_id: str) -> User:
    return User(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        role=Role(row["role"]),
        council_id=row["council_id"],
        locale=row["locale"],
        session_id=session_id,
    )


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The person behind a live session, or None when the session has ended or timed out."""
    row = next(
        get_db().query(
            """SELECT users.*, s.created_at AS session_created, s.last_seen_at AS session_seen
            FROM user_sessions s JOIN users ON users.id = s.user_id
            WHERE s.id = ? AND s.ended_at IS NULL AND users.active = 1""",
            [session_id],
        ),
        None,
    )
    if row is None:
        return None
    moment = datetime.now(UTC)
    idle = timedelta(seconds=current_app.config["SESSION_IDLE_SECONDS"])
    absolute = timedelta(seconds=current_app.config["SESSION_ABSOLUTE_SECONDS"])
    seen = datetime.fromisoformat(row["session_seen"])
    if moment - seen > idle or moment - datetime.fromisoformat(row["session_created"]) > absolute:
        end_sessions("id = ?", [session_id])
        return None
    # One write a minute at most, not one a request (sooner under a short idle limit, so that the
    # clock is never far behind). The warning's look at the clock is not activity: it would keep an
    # idle session open for ever. Nor is the service worker refreshing the screens it keeps.
    background = request.endpoint == CLOCK_ENDPOINT or OFFLINE_COPY in request.headers
    if moment - seen > min(timedelta(minutes=1), idle / 10) and not background:
        with write_transaction() as db:
            db.execute("UPDATE user_sessions SET last_seen_at = ? WHERE id = ?", [now(), session_id])
        seen = moment
    g.session_seconds_left = int((idle - (moment - seen)).total_seconds())
    return _user_from_row(row, session_id)


def session_limits() -> dict[str, int]:
    """The signed-in person's session limits, for a tablet that keeps screens for use with no
    connection: the idle limit, and the seconds left before the absolute limit ends it."""
    created = (
        get_db()
        .execute("SELECT created_at FROM user_sessions WHERE id = ?", [current_user.session_id])
        .fetchone()[0]
    )
    absolute = timedelta(seconds=current_app.config["SESSION_ABSOLUTE_SECONDS"])
    left = datetime.fromisoformat(created) + absolute - datetime.now(UTC)
    return {
        "idle_seconds": current_app.config["SESSION_IDLE_SECONDS"],
        "ends_in_seconds": max(0, int(left.total_seconds())),
    }


def touch_session() -> None:
    """Count this moment as activity in the signed-in person's session (the idle clock restarts)."""
    with write_transaction() as db:
        db.execute("UPDATE user_sessions SET last_seen_at = ? WHERE id = ?", [now(), current_user.session_id])
    g.session_seconds_left = current_app.config["SESSION_IDLE_SECONDS"]


F = TypeVar("F", bound=Callable[..., Any])
PERMISSION_ATTR = "coproduce_allowed_roles"
PUBLIC = "public"


def allow(*roles: Role) -> Callable[[F], F]:
    """Let signed-in people with one of these roles reach the view (all roles when none given)."""
    allowed = frozenset(roles or Role)

    def decorate(view: F) -> F:
        @wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        setattr(checked, PERMISSION_ATTR, allowed)
        return checked

    return decorate


def public(view: F) -> F:
    """Let anyone reach the view, signed in or not."""
    setattr(view, PERMISSION_ATTR, PUBLIC)
    return view


def permission_of(view: Callable[..., Any]) -> frozenset[Role] | str | None:
    return getattr(view, PERMISSION_ATTR, None)


def _refuse_undeclared_views() -> None:
    if request.endpoint is None or request.endpoint == "static":
        return
    view = current_app.view_functions[request.endpoint]
    if permission_of(view) is None:
        current_app.logger.error("View %s declares no permission; refused", request.endpoint)
        abort(403)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.before_request(_refuse_undeclared_views)
