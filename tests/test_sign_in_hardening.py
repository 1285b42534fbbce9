"""Failed sign-ins are limited per account and per address, counted in the database; Argon2id."""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError
from flask import Flask

from coproduce import auth
from coproduce.db import connect
from tests.conftest import PASSWORDS, sign_in

TOO_MANY = "Too many tries. Wait 5 minutes, then try again."


def _fail(client, email: str, times: int, addr: str = "10.0.0.1") -> None:
    for _ in range(times):
        response = client.post(
            "/login", data={"email": email, "password": "wrong password!"}, environ_base={"REMOTE_ADDR": addr}
        )
        assert response.status_code == 200 and TOO_MANY not in response.get_data(as_text=True)


def _try(client, email: str, password: str, addr: str = "10.0.0.1"):
    return client.post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": addr}
    )


def test_ten_failures_block_the_account_even_with_the_right_password(client) -> None:
    _fail(client, "psw@example.org", 10)
    response = _try(client, "psw@example.org", PASSWORDS["psw@example.org"], addr="10.9.9.9")
    assert response.status_code == 429
    assert TOO_MANY in response.get_data(as_text=True)
    # another account from another address is not affected
    assert (
        _try(client, "expert@example.org", PASSWORDS["expert@example.org"], addr="10.9.9.8").status_code
        == 302
    )


def test_ten_failures_from_one_address_block_that_address(client) -> None:
    for n in range(10):
        _fail(client, f"someone{n}@example.org", 1, addr="10.0.0.7")
    assert _try(client, "psw@example.org", PASSWORDS["psw@example.org"], addr="10.0.0.7").status_code == 429
    assert _try(client, "psw@example.org", PASSWORDS["psw@example.org"], addr="10.0.0.8").status_code == 302


def test_the_block_says_the_same_whether_or_not_the_account_exists(client) -> None:
    _fail(client, "psw@example.org", 10, addr="10.0.0.2")
    _fail(client, "nobody@example.org", 10, addr="10.0.0.3")
    known = _try(client, "psw@example.org", "wrong", addr="10.0.0.2").get_data(as_text=True)
    unknown = _try(client, "nobody@example.org", "wrong", addr="10.0.0.3").get_data(as_text=True)

    def comparable(page: str, email: str) -> str:
        return re.sub(r'(nonce|value)="[^"]*"', "", page.replace(email, "X"))

    assert TOO_MANY in known
    assert comparable(known, "psw@example.org") == comparable(unknown, "nobody@example.org")


def test_attempts_are_counted_in_the_database_across_processes(app_factory) -> None:
    first = app_factory()  # two apps on one database stand for two server processes
    second = app_factory()
    _fail(first.test_client(), "psw@example.org", 5)
    _fail(second.test_client(), "psw@example.org", 5)
    response = _try(first.test_client(), "psw@example.org", PASSWORDS["psw@example.org"], addr="10.1.1.1")
    assert response.status_code == 429
    db = connect(first.config["DATABASE"])
    assert (
        db.execute("SELECT count(*) FROM login_attempts WHERE email = 'psw@example.org'").fetchone()[0] == 10
    )


def test_old_failures_stop_counting_after_five_minutes(app: Flask, client) -> None:
    _fail(client, "psw@example.org", 10)
    db = connect(app.config["DATABASE"])
    db.execute("UPDATE login_attempts SET at = '2000-01-01T00:00:00+00:00'")
    assert _try(client, "psw@example.org", PASSWORDS["psw@example.org"]).status_code == 302


def test_a_blocked_attempt_is_audited(app: Flask, client) -> None:
    _fail(client, "psw@example.org", 10)
    _try(client, "psw@example.org", "whatever")
    db = connect(app.config["DATABASE"])
    actions = [row[0] for row in db.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["sign_in_failed"] * 10 + ["sign_in_blocked"]
    addresses = {row[0] for row in db.execute("SELECT remote_addr FROM audit_log")}
    assert addresses == {"10.0.0.1"}


def test_argon2id_at_owasp_parameters_or_stronger() -> None:
    hasher = auth.password_hasher
    assert hasher.type is Type.ID
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2 and hasher.parallelism >= 1
    params = re.match(r"\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$", auth.hash_password("a long passphrase"))
    assert params and int(params[1]) >= 19 * 1024 and int(params[2]) >= 2 and int(params[3]) >= 1


def test_stored_hashes_use_the_current_parameters(app: Flask) -> None:
    db = connect(app.config["DATABASE"])
    for (stored,) in db.execute("SELECT password_hash FROM users WHERE password_hash IS NOT NULL"):
        assert not auth.password_hasher.check_needs_rehash(stored)


def test_a_weaker_hash_is_upgraded_at_sign_in(app: Flask, client) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1, type=Type.ID)
    db = connect(app.config["DATABASE"])
    db.execute(
        "UPDATE users SET password_hash = ? WHERE email = 'psw@example.org'",
        [weak.hash(PASSWORDS["psw@example.org"])],
    )
    assert sign_in(client, "psw").status_code == 302
    stored = db.execute("SELECT password_hash FROM users WHERE email = 'psw@example.org'").fetchone()[0]
    assert not auth.password_hasher.check_needs_rehash(stored)


def test_a_broken_stored_hash_refuses_sign_in(app: Flask, client) -> None:
    db = connect(app.config["DATABASE"])
    db.execute("UPDATE users SET password_hash = 'not a hash' WHERE email = 'psw@example.org'")
    with pytest.raises(InvalidHashError):
        auth.password_hasher.verify("not a hash", "x")
    assert sign_in(client, "psw").status_code == 200
