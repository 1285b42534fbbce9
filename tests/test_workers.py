"""`coproduce run` serves from several worker processes, which share what must be shared through the
database: sign-in limits and sessions. Each step stops all but one worker (SIGSTOP), so the step is
served by that worker and no other."""

from __future__ import annotations

import shutil
import signal
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coproduce.auth import MAX_FAILED_SIGN_INS
from coproduce.demo import DEMO_PASSWORDS
from tests.realserver import Server, browser, csrf, form

PSW = "psw@example.org"
EXPERT = "expert@example.org"


def _state(pid: int) -> str:
    # /proc/PID/stat: "pid (name) STATE ..."; the name may hold spaces, the state follows its ")".
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@contextmanager
def only(server: Server, serving: int) -> Iterator[None]:
    """Every worker but `serving` stopped while the block runs."""
    stopped = [pid for pid in server.worker_pids() if pid != serving]
    for pid in stopped:
        server.signal(pid, signal.SIGSTOP)
    try:
        deadline = time.monotonic() + 10
        while any(_state(pid) != "T" for pid in stopped):
            assert time.monotonic() < deadline, "a worker did not stop"
            time.sleep(0.01)
        yield
    finally:
        for pid in stopped:
            server.signal(pid, signal.SIGCONT)


def _sign_in(opener: urllib.request.OpenerDirector, base: str, email: str, password: str) -> tuple[int, str]:
    token = csrf(opener.open(f"{base}/login", timeout=10).read().decode())
    try:
        with opener.open(
            f"{base}/login", form({"csrf_token": token, "email": email, "password": password}), timeout=10
        ) as response:
            return response.status, response.geturl()
    except urllib.error.HTTPError as error:
        return error.code, error.geturl()


def test_two_workers_serve_and_share_sign_in_limits_and_sessions(demo_database: Path, tmp_path: Path) -> None:
    database = tmp_path / "coproduce.db"
    shutil.copy(demo_database, database)
    with Server(database, tmp_path) as server:
        deadline = time.monotonic() + 30
        while len(server.worker_pids()) < 2:  # the parent forks the second a moment after the first
            assert time.monotonic() < deadline, "the second worker did not start"
            time.sleep(0.05)
        first, second = server.worker_pids()
        expert = browser()
        half = MAX_FAILED_SIGN_INS // 2
        with only(server, first):
            for _ in range(half):
                assert _sign_in(browser(), server.base, PSW, "wrong password")[0] == 200
            status, url = _sign_in(expert, server.base, EXPERT, DEMO_PASSWORDS[EXPERT])
            assert status == 200 and "/login" not in url
        with only(server, second):
            # The session made by the first worker is known to the second.
            with expert.open(f"{server.base}/", timeout=10) as response:
                assert "/login" not in response.geturl()
                assert "Your conversations" in response.read().decode()
            for _ in range(MAX_FAILED_SIGN_INS - half):
                assert _sign_in(browser(), server.base, PSW, "wrong password")[0] == 200
            # The failures counted by both workers block the account, even with the right password.
            assert _sign_in(browser(), server.base, PSW, DEMO_PASSWORDS[PSW])[0] == 429
        with only(server, first):
            assert _sign_in(browser(), server.base, PSW, DEMO_PASSWORDS[PSW])[0] == 429
            # Signing out on the first worker ends the session for the second too.
            page = expert.open(f"{server.base}/", timeout=10).read().decode()
            expert.open(f"{server.base}/logout", form({"csrf_token": csrf(page)}), timeout=10).read()
        with only(server, second), expert.open(f"{server.base}/", timeout=10) as response:
            assert "/login" in response.geturl()
