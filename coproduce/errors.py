"""Error pages in the person's language; never a stack trace in the browser.

Flask logs an unhandled exception (with its traceback) before the 500 handler runs.
"""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from coproduce.auth import wants_json

ERROR_PAGES = {
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/404.html",
    413: "errors/413.html",
}


def _http_error(error: HTTPException):
    if isinstance(error, CSRFError):
        if wants_json():  # a page's script asks for a new token and sends again
            return {"error": "csrf"}, 400
        return render_template("errors/csrf.html"), 400
    code = error.code or 500
    if code >= 500:
        return render_template("errors/500.html"), 500
    return render_template(ERROR_PAGES.get(code, "errors/400.html")), code


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
