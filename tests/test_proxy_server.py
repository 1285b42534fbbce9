"""Behind a proxy, against the real server (`coproduce run`, waitress), not Flask's test client.

Waitress drops X-Forwarded-* headers from a peer it does not trust before the app sees them, so
`COPRODUCE_PROXY_HOPS` must reach waitress too: otherwise every person shares the proxy's address
(one person's failed sign-ins lock everyone out), the audit log records the proxy, and HSTS is
never sent.
"""

from __future__ import annotations

import shutil
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path

from coproduce.auth import MAX_FAILED_SIGN_INS
from coproduce.demo import DEMO_PASSWORDS
from tests.realserver import Server, browser, csrf, form

PSW = "psw@example.org"


def _sign_in(base: str, email: str, password: str, forwarded_for: str) -> tuple[int, str]:
    """One sign-in through the proxy for `forwarded_for`: (status, final URL)."""
    opener = browser()
    headers = {"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"}
    page = opener.open(urllib.request.Request(f"{base}/login", headers=headers), timeout=10)  # noqa: S310
    token = csrf(page.read().decode())
    # Over HTTPS a browser sends a same-origin Referer, which the form-token check requires.
    referer = {"Referer": f"https://{base.removeprefix('http://')}/login"}
    request = urllib.request.Request(  # noqa: S310
        f"{base}/login",
        form({"csrf_token": token, "email": email, "password": password}),
        headers=headers | referer,
    )
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.geturl()
    except urllib.error.HTTPError as error:
        return error.code, error.geturl()


def _database(demo_database: Path, tmp_path: Path) -> Path:
    database = tmp_path / "coproduce.db"
    shutil.copy(demo_database, database)
    return database


def test_behind_one_proxy_the_real_server_sees_each_persons_address(
    demo_database: Path, tmp_path: Path
) -> None:
    database = _database(demo_database, tmp_path)
    with Server(database, tmp_path, {"COPRODUCE_PROXY_HOPS": "1"}) as server:
        request = urllib.request.Request(  # noqa: S310
            f"{server.base}/login", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            assert response.headers["Strict-Transport-Security"].startswith("max-age=")
        # Someone at one address fails to sign in again and again...
        for _ in range(MAX_FAILED_SIGN_INS):
            assert _sign_in(server.base, "nobody@example.org", "wrong password", "203.0.113.9")[0] == 200
        status, _url = _sign_in(server.base, PSW, DEMO_PASSWORDS[PSW], "203.0.113.9")
        assert status == 429
        # ...and someone else, behind the same proxy, still signs in.
        status, url = _sign_in(server.base, PSW, DEMO_PASSWORDS[PSW], "198.51.100.20")
        assert status == 200 and "/login" not in url
    db = sqlite3.connect(database)
    assert {row[0] for row in db.execute("SELECT remote_addr FROM login_attempts")} == {"203.0.113.9"}
    audited = {row[0] for row in db.execute("SELECT remote_addr FROM audit_log WHERE action LIKE 'sign_in%'")}
    assert audited == {"203.0.113.9", "198.51.100.20"}


def test_forwarded_headers_from_an_untrusted_peer_are_ignored(demo_database: Path, tmp_path: Path) -> None:
    """Only the proxy named in COPRODUCE_TRUSTED_PROXY may say who the person is."""
    database = _database(demo_database, tmp_path)
    env = {"COPRODUCE_PROXY_HOPS": "1", "COPRODUCE_TRUSTED_PROXY": "192.0.2.1"}
    with Server(database, tmp_path, env) as server:
        request = urllib.request.Request(  # noqa: S310
            f"{server.base}/login", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            assert "Strict-Transport-Security" not in response.headers
        assert _sign_in(server.base, "nobody@example.org", "wrong password", "203.0.113.9")[0] == 200
    db = sqlite3.connect(database)
    assert {row[0] for row in db.execute("SELECT remote_addr FROM login_attempts")} == {"127.0.0.1"}
