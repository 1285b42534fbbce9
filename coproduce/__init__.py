"""coproduce: co-produced practice reviews in adult social care."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from coproduce import auth, db, errors, i18n, labels, web
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
    labels.init_app(app)

    from coproduce.accounts import bp as accounts_bp
    from coproduce.capture import bp as capture_bp
    from coproduce.findings import bp as findings_bp
    from coproduce.guides import bp as guides_bp
    from coproduce.home import bp as home_bp
    from coproduce.people import bp as people_bp
    from coproduce.privacy import bp as privacy_bp
    from coproduce.requests import bp as requests_bp
    from coproduce.reviews import bp as reviews_bp

    blueprints = (
        accounts_bp,
        home_bp,
        reviews_bp,
        people_bp,
        guides_bp,
        requests_bp,
        capture_bp,
        privacy_bp,
        findings_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    return app
