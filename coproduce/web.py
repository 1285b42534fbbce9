"""What every page shares: template loading, the CSP nonce and the security headers."""

from __future__ import annotations

import itertools
import os
import re
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, render_template, request
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from werkzeug.middleware.proxy_fix import ProxyFix
from whitenoise import WhiteNoise

from coproduce.text import TooDeep, allowed, strings_in

csrf = CSRFProtect()

# A static file whose name carries a hash of its content (the web fonts, scripts/fonts.mjs) never
# changes under its name, so a browser keeps it for ever and a repeat visit asks for nothing.
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.woff2$")

# Pages that may show personal data are never stored by the browser or a proxy.
NO_STORE_EXCEPT = ("static", "guides.picture")


JSON_ATTR = "coproduce_accepts_json"
F = TypeVar("F", bound=Callable[..., Any])


def accepts_json(view: F) -> F:
    """Let a view take a JSON body (a background save). Every other view refuses one: Flask-WTF
    would read it as a form, and a list or an object where a form has text breaks its validators."""
    setattr(view, JSON_ATTR, True)
    return view


def _refuse_unshowable_characters():
    """Refuse a request whose form, query or JSON text breaks the text rule (coproduce/text.py),
    or whose JSON is nested too deep to read safely."""
    try:
        body = request.get_json(silent=True) if request.is_json else None
        texts = list(
            itertools.chain(
                (value for _key, value in request.args.items(multi=True)),
                (value for _key, value in request.form.items(multi=True)),
                strings_in(body),
            )
        )
    except (RecursionError, TooDeep):
        return {"error": "too_deep"}, 400
    view = current_app.view_functions.get(request.endpoint or "")
    if request.is_json and not getattr(view, JSON_ATTR, False):
        return {"error": "json_not_accepted"}, 415
    if not all(allowed(text) for text in texts):
        if request.is_json:
            return {"error": "unshowable_character"}, 400
        return render_template("errors/characters.html"), 400
    return None


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _csp(script_src: str) -> str:
    return (
        f"default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


# Sent with every response, the static files' included.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), geolocation=(), microphone=(), payment=(), usb=()",
    "X-Frame-Options": "DENY",
}
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def _security_headers(response: Response) -> Response:
    nonce = g.get("csp_nonce")
    response.headers["Content-Security-Policy"] = _csp(f"'self' 'nonce-{nonce}'" if nonce else "'self'")
    response.headers.update(SECURITY_HEADERS)
    if request.is_secure:
        response.headers[HSTS[0]] = HSTS[1]
    if request.endpoint not in NO_STORE_EXCEPT:
        response.headers["Cache-Control"] = "no-store"
    return response


class StaticFiles(WhiteNoise):
    """static/ served before Flask, compressed: WhiteNoise sends the `.gz` or `.br` copy made at
    setup (`python -m whitenoise.compress`, from the Makefile) to a browser that accepts it, with
    ETag and Last-Modified for a repeat visit, and our security headers. A compressed copy older
    than its file (a script changed since the last `make`) is never sent. A file named by its
    content's hash is sent as immutable, cached for ever."""

    def immutable_file_test(self, path, url):
        return bool(HASHED_NAME.search(url))

    def get_static_file(self, path, url, stat_cache=None):
        static_file = super().get_static_file(path, url, stat_cache=stat_cache)
        changed = os.stat(path).st_mtime
        static_file.alternatives = [
            alternative
            for alternative in static_file.alternatives
            if alternative[1] == path or os.stat(alternative[1]).st_mtime >= changed
        ]
        return static_file

    def serve(self, static_file, environ, start_response):
        def start(status, headers, exc_info=None):
            headers = [*headers, ("Content-Security-Policy", _csp("'self'")), *SECURITY_HEADERS.items()]
            if environ.get("wsgi.url_scheme") == "https":
                headers.append(HSTS)
            return start_response(status, headers, exc_info)

        return super().serve(static_file, environ, start)


def proxy_options(config: dict[str, Any]) -> dict[str, Any]:
    """What waitress needs to pass a trusted proxy's X-Forwarded-* headers on to the app.

    Waitress removes those headers from every request whose peer it does not trust, before the app
    (and ProxyFix below) sees them; so behind a proxy it must be told which peer to trust and how many
    hops to count. It then sets the person's address and scheme itself; ProxyFix reads the same
    headers with the same hop count and comes to the same answer, for servers other than waitress.
    """
    hops = config.get("PROXY_HOPS") or 0
    if not hops:
        return {}
    return {
        "trusted_proxy": config["TRUSTED_PROXY"],
        "trusted_proxy_count": hops,
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"},
        "clear_untrusted_proxy_headers": True,
    }


FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED")


class TrustedProxyOnly:
    """Drop X-Forwarded-* headers that do not come from the trusted proxy, before ProxyFix reads
    them: under gunicorn (which, unlike waitress, passes them on from anyone), so that nobody but
    the proxy can say who the person is. Under waitress, which has already checked the peer and set
    the person's address, the headers it kept are for ProxyFix's same answer."""

    def __init__(self, wsgi_app: Any, trusted: str) -> None:
        self.wsgi_app, self.trusted = wsgi_app, trusted

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self.trusted != "*" and environ.get("REMOTE_ADDR") != self.trusted:
            for key in FORWARDED:
                environ.pop(key, None)
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    WTFormsHelpers(app)
    app.wsgi_app = StaticFiles(
        app.wsgi_app,
        root=app.static_folder,
        prefix=app.static_url_path,
        autorefresh=app.debug,
        allow_all_origins=False,
    )
    if app.config.get("PROXY_HOPS"):
        # Behind a TLS-terminating proxy: trust its X-Forwarded-For/-Proto, so sign-in limits count
        # the person's own address (not the proxy's) and HSTS is sent.
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
        app.wsgi_app = TrustedProxyOnly(app.wsgi_app, app.config["TRUSTED_PROXY"])
    app.before_request(_refuse_unshowable_characters)
    app.after_request(_security_headers)
