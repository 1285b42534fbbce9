from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jinja2.bccache import Bucket, BytecodeCache

from coproduce import create_app
from coproduce.db import Database, connect
from coproduce.demo import DEMO_LOGINS, DEMO_PASSWORDS, load_demo
from coproduce.migrations import prepare
from tests.pagecheck import check_page

PASSWORDS = DEMO_PASSWORDS
EMAIL_OF_ROLE = {role: email for role, email, *_ in DEMO_LOGINS}
ROLES = list(EMAIL_OF_ROLE)


def give_the_demo_expert(db: Database, reference: str, created_at: str, **conversation: Any) -> int:
    """A person in the demo expert by experience's first review and a conversation with them that
    the expert holds (with `conversation`'s columns): the conversation's id."""
    expert = db.execute(
        "SELECT id FROM users WHERE email = ?", [EMAIL_OF_ROLE["expert_by_experience"]]
    ).fetchone()[0]
    review = db.execute("SELECT min(review_id) FROM review_members WHERE user_id = ?", [expert]).fetchone()[0]
    person = (
        db["participants"]
        .insert(
            {
                "review_id": review,
                "reference": reference,
                "contact_mode": "home",
                "language": "en",
                "created_at": created_at,
            }
        )
        .last_pk
    )
    held = {"participant_id": person, "interviewer_id": expert, **conversation}
    return db["conversations"].insert(held).last_pk


class CheckedClient(FlaskClient):
    """A test client that checks every HTML page it receives (see tests/pagecheck.py)."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 302:
            check_page(response.get_data(as_text=True))
        return response


class CompiledTemplates(BytecodeCache):
    """Templates compiled once for the whole run. Each test makes its own app, and each app's Jinja
    environment would otherwise compile every template it renders again (half the time of a test).
    A template whose source changes has another checksum, so it is compiled afresh."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, made once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = connect(path)
    prepare(db)
    load_demo(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def make_app(database: Path, **config: object) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE": str(database),
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            **config,
        }
    )
    app.test_client_class = CheckedClient
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    return app


@pytest.fixture
def app_factory(demo_database: Path, tmp_path: Path):
    """Make an app with extra settings, on this test's own copy of the demo database."""

    def factory(**config: object) -> Flask:
        database = tmp_path / "app.db"
        if not database.exists():
            shutil.copy(demo_database, database)
        return make_app(database, **config)

    return factory


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory()


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as client:
        yield client


def sign_in(client: FlaskClient, role_or_email: str, password: str | None = None):
    email = EMAIL_OF_ROLE.get(role_or_email, role_or_email)
    return client.post("/login", data={"email": email, "password": password or PASSWORDS.get(email, "")})


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)
