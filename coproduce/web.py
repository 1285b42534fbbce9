"""What every page shares: template loading, the CSP nonce and the security headers."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import secrets
import stat
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import parse_qs

from flask import Flask, Response, current_app, g, render_template, request, session
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.security import safe_join
from whitenoise import WhiteNoise

from coproduce.auth import OFFLINE_COPY
from coproduce.text import TooDeep, allowed, strings_in

csrf = CSRFProtect()

# A static file whose name carries a hash of its content (the web fonts, scripts/fonts.mjs) never
# changes under its name, so a browser keeps it for ever and a repeat visit asks for nothing.
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.woff2$")

# Pages that may show personal data are never stored by the browser or a proxy.
NO_STORE_EXCEPT = ("static", "guides.picture")
# The service worker's script holds nothing personal and the browser asks for it on most visits:
# kept, but checked each time with its ETag, so an unchanged script costs a 304.
CHECKED_EACH_TIME = ("home.service_worker",)

# A file whose address carries a hash of its content (`?v=`, added by url_for: see
# `_versioned_static_urls`, and guides.picture's own) never changes under that address.
IMMUTABLE = "public, max-age=31536000, immutable"

# What the app compresses itself (Flask-Compress: brotli, else gzip, with Vary: Accept-Encoding):
# text only. PDF, Word, Excel and ZIP files are compressed already, and a response that streams (a
# long CSV, say) is sent as it is made, uncompressed. static/ has its own compressed copies.
COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/csv",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/xml",
    "text/xml",
    "image/svg+xml",
]
COMPRESS_CONFIG = {
    "COMPRESS_MIMETYPES": COMPRESSED_TYPES,
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_BR_LEVEL": 5,
    "COMPRESS_STREAMS": False,
    "COMPRESS_MIN_SIZE": 500,
}


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


# Sent with every page (every response but the files below).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), geolocation=(), microphone=(), payment=(), usb=()",
    "X-Frame-Options": "DENY",
}
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")

# Sent with a file a page loads (a style sheet, a script, a picture, a font) instead of the page's
# headers: a browser applies a policy, a referrer rule, permissions or framing rules only to a
# document, and a file opened on its own is shown under a policy that allows nothing at all. It
# saves about 370 bytes on each of the 15 files a question page loads on a tablet's first visit.
FILE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}


def _security_headers(response: Response) -> Response:
    if request.endpoint in NO_STORE_EXCEPT and response.mimetype != "text/html":
        response.headers.update(FILE_HEADERS)
    else:
        nonce = g.get("csp_nonce")
        response.headers["Content-Security-Policy"] = _csp(f"'self' 'nonce-{nonce}'" if nonce else "'self'")
        response.headers.update(SECURITY_HEADERS)
    if request.is_secure:
        response.headers[HSTS[0]] = HSTS[1]
    if request.endpoint in CHECKED_EACH_TIME:
        response.headers["Cache-Control"] = "no-cache"
    elif request.endpoint not in NO_STORE_EXCEPT:
        response.headers["Cache-Control"] = "no-store"
    return response


@lru_cache(maxsize=1024)
def _content_hash(path: str, _mtime_ns: int, _size: int) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:12]


def file_version(path: str | None) -> str | None:
    """A short hash of a file's content (None when it is not a file), worked out once for each
    change of the file."""
    try:
        found = os.stat(path) if path else None
    except OSError:
        return None
    if found is None or not stat.S_ISREG(found.st_mode):
        return None
    return _content_hash(str(path), found.st_mtime_ns, found.st_size)


# How long a static file's version is trusted before its file is looked at again (a page names
# several: each look is a stat of the file).
VERSION_SECONDS = 2.0
_versions: dict[str, tuple[float, str | None]] = {}


def _static_version(folder: str, filename: str) -> str | None:
    path = safe_join(folder, filename)
    if path is None:
        return None
    moment = time.monotonic()
    kept = _versions.get(path)
    if kept is None or moment - kept[0] > VERSION_SECONDS:
        if len(_versions) >= 4096:
            _versions.clear()
        kept = _versions[path] = (moment, file_version(path))
    return kept[1]


def _versioned_static_urls(endpoint: str, values: dict[str, Any]) -> None:
    """url_for("static", filename=...) names the file's version (`?v=` and a hash of its content),
    so the browser keeps it for a year and fetches it again only when it changes."""
    if endpoint != "static" or "v" in values or not current_app.static_folder:
        return
    version = _static_version(current_app.static_folder, values.get("filename", ""))
    if version:
        values["v"] = version


class StaticFiles(WhiteNoise):
    """static/ served before Flask, compressed: WhiteNoise sends the `.gz` or `.br` copy made at
    setup (`python -m whitenoise.compress`, from the Makefile) to a browser that accepts it, with
    ETag and Last-Modified for a repeat visit, and a file's headers (FILE_HEADERS). A compressed
    copy older than its file (a script changed since the last `make`) is never sent. A file named by its
    content's hash, or asked for with the hash of its present content (`?v=`), is sent as
    immutable, cached for ever; any other is checked again after a minute (WhiteNoise's default)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.plain_paths: dict[str, str] = {}
        super().__init__(*args, **kwargs)

    def immutable_file_test(self, path, url):
        return bool(HASHED_NAME.search(url))

    def get_static_file(self, path, url, stat_cache=None):
        self.plain_paths[url] = path
        static_file = super().get_static_file(path, url, stat_cache=stat_cache)
        changed = os.stat(path).st_mtime
        static_file.alternatives = [
            alternative
            for alternative in static_file.alternatives
            if alternative[1] == path or os.stat(alternative[1]).st_mtime >= changed
        ]
        return static_file

    def serve(self, static_file, environ, start_response):
        asked = parse_qs(environ.get("QUERY_STRING", "")).get("v", [None])[0]
        current = asked and file_version(self.plain_paths.get(environ.get("PATH_INFO", "")))

        def start(status, headers, exc_info=None):
            if asked and asked == current:
                headers = [(name, value) for name, value in headers if name.lower() != "cache-control"]
                headers.append(("Cache-Control", IMMUTABLE))
            headers = [*headers, *FILE_HEADERS.items()]
            if environ.get("wsgi.url_scheme") == "https":
                headers.append(HSTS)
            return start_response(status, headers, exc_info)

        return super().serve(static_file, environ, start)


def made_for_this_response(value: str) -> str:
    """Mark a value a page shows that is made anew for each response (a new quote's id made on the
    server, say), so that the page's ETag leaves it out (see `_page_etag`)."""
    g.setdefault("made_for_this_response", []).append(value)
    return value


def _page_etag(response: Response) -> Response:
    """Each page gets an ETag from its content, leaving out what changes on every response (the
    CSP nonce, the signed form token, the seconds left in the session) but not the session's own
    form token, so a copy made in another session never matches. The service worker sends it back
    (If-None-Match) when it refreshes a screen it keeps, and is told 304 when the screen has not
    changed. Only the worker is: a person's page (never stored) is always sent whole, with the new
    nonce its scripts need."""
    if request.method != "GET" or response.status_code != 200 or response.mimetype != "text/html":
        return response
    if response.is_streamed or response.direct_passthrough:
        return response
    body = response.get_data()
    varying = (
        g.get("csp_nonce"),
        g.get("csrf_token"),
        f'data-seconds-left="{g.get("session_seconds_left")}"',
        *g.get("made_for_this_response", ()),
    )
    for value in varying:
        if value:
            body = body.replace(value.encode(), b"")
    digest = hashlib.sha256(body)
    digest.update(str(session.get("csrf_token", "")).encode())
    response.set_etag(digest.hexdigest()[:24], weak=True)
    if OFFLINE_COPY in request.headers:
        response.make_conditional(request)
    return response


class SessionCookie(SecureCookieSessionInterface):
    """Flask's signed cookie, sent again on each page a person opens (so it lasts while they use
    the app), but not to the service worker's background requests (a screen it refreshes is not a
    person using the app, and the worker never changes the session), nor with the answer to a
    script's JSON request that left the session as it was (a background save, many a minute while
    a person types: the page it is sent from renewed the cookie, whose lifetime is the session's
    absolute limit, which the server holds in any case), when signing it again would be all the
    work there is."""

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if (OFFLINE_COPY in request.headers or request.is_json) and not session.modified:
            return False
        return super().should_set_cookie(app, session)


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
    app.url_defaults(_versioned_static_urls)
    app.session_interface = SessionCookie()
    for key, value in COMPRESS_CONFIG.items():
        app.config.setdefault(key, value)
    Compress(app)
    # After Compress: Flask runs these hooks last registered first, so the ETag is made from the
    # page as rendered, before it is compressed.
    app.after_request(_page_etag)
