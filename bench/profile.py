"""`make profile PAGE=capture`: where one page's time goes, in this process, with cProfile.

    .venv/bin/python -m bench.profile PAGE [--requests 200] [--sort tottime] [--top 30] [--demo] [--sample]

PAGE is one of the benchmark's endpoints (capture, save, expert-home, dashboard, regional, export)
or a path such as /reviews/3 with --as EMAIL. It signs in as the page's role through Flask's test
client (with the form token, as a browser does), asks for the page a few times to warm up, then
N times under cProfile, and prints the mean time a request, the SQL statements a request and the
top functions. cProfile slows each Python call several times over, so a page of many small calls
looks spent in them; `--sample` instead looks at what is running every half millisecond of CPU
time (a timer signal) and prints the share of samples in which each function was running or
waiting for what it called, which is undisturbed. The data is the benchmark's national database
(`instance/bench.db`, made by `make bench` or here when missing) or, with --demo, a fresh copy of
the demo database.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import signal
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from flask.testing import FlaskClient

from bench.generate import COORDINATOR, EXPERT, PASSWORD, PSW, generate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BENCH_DB = ROOT / "instance" / "bench.db"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _bench_data() -> tuple[Path, dict]:
    meta = BENCH_DB.with_suffix(".json")
    if not (BENCH_DB.exists() and meta.exists()):
        BENCH_DB.parent.mkdir(parents=True, exist_ok=True)
        meta.write_text(json.dumps(generate(BENCH_DB)))
    return BENCH_DB, json.loads(meta.read_text())


def _demo_data(folder: Path) -> tuple[Path, dict]:
    from coproduce.db import connect
    from coproduce.demo import DEMO_PASSWORDS, load_demo
    from coproduce.migrations import prepare

    path = folder / "demo.db"
    db = connect(path)
    prepare(db)
    load_demo(db)
    live = db.execute(
        "SELECT c.id FROM conversations c JOIN users u ON u.id = c.expert_id "
        "WHERE u.email = 'expert@example.org' AND c.status = 'in_progress' AND c.consent = 'yes'"
    ).fetchall()
    big = db.execute(
        "SELECT review_id FROM conversations WHERE status = 'submitted' "
        "GROUP BY review_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    db.close()
    return path, {
        "emails": {
            EXPERT: "expert@example.org",
            PSW: "psw@example.org",
            COORDINATOR: "coordinator@example.org",
        },
        "passwords": DEMO_PASSWORDS,
        "live_conversations": [row[0] for row in live],
        "question_key": None,
        "big_review": big[0],
    }


def sign_in(client: FlaskClient, email: str, password: str) -> str:
    """Sign in as a browser does; returns a form token of the signed-in session."""
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login",
        data={"csrf_token": TOKEN.search(page).group(1), "email": email, "password": password},
        headers={"Referer": "http://localhost/login"},
    )
    if response.status_code != 302:
        raise SystemExit(f"sign-in as {email} gave {response.status_code}")
    home = client.get("/").get_data(as_text=True)
    match = TOKEN.search(home)
    return match.group(1) if match else ""


def pages(made: dict, question_key: str) -> dict[str, tuple[str, str, str]]:
    """Each named page: (role's bench email, method, path)."""
    live, big = made["live_conversations"], made["big_review"]
    capture = f"/conversations/{live[0]}/questions/{question_key}"
    return {
        "capture": (EXPERT, "GET", capture),
        "save": (EXPERT, "POST", capture + "/autosave"),
        "expert-home": (EXPERT, "GET", "/"),
        "dashboard": (PSW, "GET", f"/reviews/{big}/dashboard"),
        "regional": (COORDINATOR, "GET", "/findings/regional"),
        "export": (PSW, "GET", f"/reviews/{big}/export?format=docx"),
    }


def sampled(request: Callable[[], int], requests: int, top: int) -> None:
    """Run `request` `requests` times, looking at the running stack every 0.5 ms of CPU time; print
    the share of samples in which each function was on the stack."""
    seen: Counter[str] = Counter()
    samples = [0]

    def look(_signal: int, frame: FrameType | None) -> None:
        samples[0] += 1
        names: set[str] = set()
        while frame is not None:
            code = frame.f_code
            names.add(
                f"{code.co_filename.split('site-packages/')[-1].replace(str(ROOT) + '/', '')}:{code.co_name}"
            )
            frame = frame.f_back
        seen.update(names)

    signal.signal(signal.SIGPROF, look)
    signal.setitimer(signal.ITIMER_PROF, 0.0005, 0.0005)
    try:
        for _ in range(requests):
            request()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
    print(f"{samples[0]} samples; the share in which each function was running or waiting for one it called:")
    for name, count in seen.most_common(top):
        print(f"{100 * count / max(samples[0], 1):5.1f}%  {name}")


class StatementCounter:
    """Counts the SQL statements the app's connections run (sqlite3's trace callback)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, _statement: str) -> None:
        self.count += 1

    def attach(self) -> None:
        from coproduce import db as dbmodule

        kept = getattr(dbmodule._kept, "value", None)
        if kept is not None:
            kept[2].conn.set_trace_callback(self)


def requester(client: FlaskClient, method: str, path: str, token: str) -> Callable[[], int]:
    if method == "GET":
        return lambda: client.get(path).status_code
    version = [0]

    def post() -> int:
        response = client.post(
            path,
            json={"version": version[0], "notes": f"Typed note {time.time()}", "rating": "4"},
            headers={"X-CSRFToken": token, "Referer": "http://localhost/", "Origin": "http://localhost"},
        )
        if response.is_json:
            version[0] = response.get_json().get("version", version[0])
        return response.status_code

    return post


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("page", help="capture, save, expert-home, dashboard, regional, export, or a path")
    parser.add_argument("--as", dest="email", help="Whom to sign in as, for a path (bench or demo email).")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative", "ncalls"])
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--demo", action="store_true", help="Use a fresh demo database, not the bench data.")
    parser.add_argument(
        "--sample", action="store_true", help="Sample the stack (undisturbed shares) instead of cProfile."
    )
    parser.add_argument(
        "--save", metavar="FILE", help="Also write the profile to FILE (for pstats, snakeviz)."
    )
    args = parser.parse_args()

    from coproduce import create_app

    with tempfile.TemporaryDirectory() as folder:
        if args.demo:
            database, made = _demo_data(Path(folder))
        else:
            database, made = _bench_data()
        emails = made.get("emails", {})
        passwords = made.get("passwords", {})
        key = made["question_key"] or "information-before"
        named = pages(made, key)
        if args.page in named:
            email, method, path = named[args.page]
        elif args.page.startswith("/"):
            email, method, path = args.email or COORDINATOR, "GET", args.page
        else:
            raise SystemExit(f"no page named {args.page!r}: one of {', '.join(named)} or a path")
        email = emails.get(email, email)
        app = create_app({"DATABASE": str(database), "SECRET_KEY": "profile", "SESSION_COOKIE_SECURE": False})
        with app.test_client() as client:
            token = sign_in(client, email, passwords.get(email, PASSWORD))
            request = requester(client, method, path, token)
            status = request()
            if status != 200:  # a save sends the version it is told of, as the tablet does
                status = request()
            if status != 200:
                raise SystemExit(f"{method} {path} as {email} gave {status}")
            for _ in range(min(20, args.requests)):
                request()
            started, cpu = time.perf_counter(), time.process_time()
            for _ in range(args.requests):
                request()
            plain, cpu = time.perf_counter() - started, time.process_time() - cpu
            if args.sample:
                print(f"{method} {path} as {email}: {1000 * plain / args.requests:.2f} ms a request "
                      f"({1000 * cpu / args.requests:.2f} ms of CPU)")  # fmt: skip
                sampled(request, args.requests, args.top)
                return
            counter = StatementCounter()
            counter.attach()
            request()
            statements = counter.count
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            for _ in range(args.requests):
                request()
            profiler.disable()
            elapsed = time.perf_counter() - started
        print(f"{method} {path} as {email}: {1000 * plain / args.requests:.2f} ms a request "
              f"({1000 * cpu / args.requests:.2f} ms of CPU; "
              f"{1000 * elapsed / args.requests:.2f} ms under the profiler; {args.requests} requests each), "
              f"{statements} SQL statements a request")  # fmt: skip
        if args.save:
            profiler.dump_stats(args.save)
        stats = pstats.Stats(profiler)
        stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
