"""Configuration: safe defaults, then the instance folder's secret, then the test dict."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, or from a file made once in the instance folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    instance = Path(app.instance_path)
    debug = os.environ.get("COPRODUCE_DEBUG") == "1"
    app.config.from_mapping(
        DATABASE=os.environ.get("COPRODUCE_DATABASE", str(instance / "coproduce.db")),
        DEBUG=debug,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not debug and os.environ.get("COPRODUCE_INSECURE_COOKIES") != "1",
        SESSION_COOKIE_NAME="coproduce_session",
        # The idle limit is announced before it ends, with a way to extend it; the absolute limit is
        # 20 hours, the longest WCAG 2.2.1 lets a limit run unannounced (its "20 hour exception").
        PERMANENT_SESSION_LIFETIME=20 * 3600,
        SESSION_IDLE_SECONDS=int(os.environ.get("COPRODUCE_SESSION_IDLE_SECONDS", 2 * 3600)),
        SESSION_ABSOLUTE_SECONDS=int(os.environ.get("COPRODUCE_SESSION_ABSOLUTE_SECONDS", 20 * 3600)),
        MAX_CONTENT_LENGTH=12 * 1024 * 1024,
        PROXY_HOPS=int(os.environ.get("COPRODUCE_PROXY_HOPS", 0)),
        # The one address whose X-Forwarded-* headers `coproduce run` believes (waitress drops them
        # from any other peer): the proxy on this machine, unless it is elsewhere.
        TRUSTED_PROXY=os.environ.get("COPRODUCE_TRUSTED_PROXY", "127.0.0.1"),
        BABEL_TRANSLATION_DIRECTORIES="../translations",
        BABEL_DEFAULT_LOCALE="en",
        WTF_CSRF_TIME_LIMIT=None,
    )
    if test_config is None:
        app.config["SECRET_KEY"] = _secret_key(instance)
    else:
        app.config.from_mapping(test_config)
