"""coproduce: co-produced practice reviews in adult social care."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from coproduce import auth, db, errors, i18n, templating, web
from coproduce.settings import configure


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    root = Path(__file__).resolve().parent.parent
    app = Flask(
        __name__,
        instance_path=str(root / "instance"),
        template_folder="../templates",
        static_folder="../static",
    )
    configure(app, test_config)
    db.init_app(app)
    web.init_app(app)
    i18n.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    templating.init_app(app)

    # The areas in the order a review passes through them.
    from coproduce import (
        accounts,
        analysis,
        audits,
        capture,
        findings,
        followup,
        guides,
        home,
        people,
        privacy,
        regional,
        report,
        requests,
        reviews,
        selfassessment,
        sessions,
    )

    areas = (home, accounts, reviews, people, guides, requests, capture, audits, sessions, selfassessment)
    areas += (analysis, findings, report)
    for area in (*areas, followup, regional, privacy):
        app.register_blueprint(area.bp)
    return app
