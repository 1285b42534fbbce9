"""The real server, as `coproduce run` starts it (gunicorn: a parent and its worker processes), on a
free port of 127.0.0.1.

What depends on the server itself (proxies, workers, a crash) is tested through this, not only
through Flask's test client.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

COPRODUCE = Path(sys.executable).parent / "coproduce"
THREADS = ("--threads", "4")
WORKERS = ("--workers", "2")  # as on this 2-core machine, whatever machine the tests run on


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`coproduce run --no-demo` on `database`, with `env` added to its environment."""

    def __init__(self, database: Path, instance: Path, env: dict[str, str] | None = None) -> None:
        self.database, self.instance = database, instance
        self.env = env or {}
        self.options = (*WORKERS, *THREADS)
        self.process: subprocess.Popen[bytes] | None = None
        self.base = ""

    def start(self) -> None:
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        env = {
            "PATH": "/usr/bin:/bin",
            "COPRODUCE_DATABASE": str(self.database),
            "SECRET_KEY": "real-server-test-secret",
            "COPRODUCE_INSECURE_COOKIES": "1",
            **self.env,
        }
        self.process = subprocess.Popen(
            [str(COPRODUCE), "run", "--no-demo", "--host", "127.0.0.1", "--port", str(port), *self.options],
            env=env,
            cwd=self.instance,
            start_new_session=True,  # its own process group: kill() ends the workers too
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while True:  # short polling on /healthz; the test's own timeout bounds it
            assert self.process.poll() is None, "the server stopped while starting"
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.02)

    def worker_pids(self) -> list[int]:
        """The worker processes serving requests (the parent's children)."""
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return [int(pid) for pid in children.split()]

    def signal(self, pid: int, sig: signal.Signals) -> None:
        """Send `sig` to one of this server's workers (and to nothing else)."""
        assert pid in self.worker_pids()
        os.kill(pid, sig)

    def kill(self) -> None:
        """SIGKILL to the parent and every worker at once, as in a power cut."""
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.kill()


def csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', page
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def browser() -> urllib.request.OpenerDirector:
    """A client that keeps cookies, like one browser."""
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def form(fields: dict[str, str]) -> bytes:
    return urllib.parse.urlencode(fields).encode()
