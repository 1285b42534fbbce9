"""`make bench-tablet` (and the end of `make bench`): what an expert by experience's tablet fetches
to work with no connection, in Chromium (Debian's, /usr/bin/chromium), page and service worker
together.

    .venv/bin/python -m bench.tablet [--held 1 5 20] [--output bench/RESULTS.md]

For each number of conversations held (all planned in the next 14 days, so all kept), a demo
database where the demo expert holds that many; the app served by waitress on 127.0.0.1 behind a
small TCP relay that counts every byte the browser receives (headers and compressed bodies, the
service worker's requests included, which a page's DevTools session does not see), and a count of
the requests that reach the app. Then, in a new browser context (an empty cache):

- first visit: open the sign-in page, sign in, and wait until the service worker has kept every
  conversation's screens (its list of stamps names them all) and nothing has moved for a while;
- repeat visit, nothing changed: a new tab on the home page in the same context, until quiet;
- the question page's own first visit (the service worker blocked, the cache emptied).

Writes its table between the tablet markers in bench/RESULTS.md (added at the end when missing).
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import socket
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.weight import CHROMIUM, CHROMIUM_ARGS, HOST
from coproduce import create_app
from coproduce.codes import MAIN_GUIDE
from coproduce.db import connect
from coproduce.demo import DEMO_PASSWORDS, load_demo
from coproduce.guides import loader
from coproduce.migrations import prepare

HERE = Path(__file__).resolve().parent
EXPERT = "expert@example.org"
HELD = (1, 5, 20)
QUIET_SECONDS = 2.0
START, END = "<!-- tablet benchmark: start -->", "<!-- tablet benchmark: end -->"
TARGETS = {"five": 300_000, "each_further": 30_000, "repeat": 10_000, "question_page": 60_000}


def make_database(folder: Path, held: int) -> tuple[Path, int]:
    """The demo database, with the demo expert holding `held` conversations in the next 14 days (the
    first under way, at its first question) and their demo ones moved 60 days on (not kept). Returns
    the database and the conversation under way."""
    path = folder / f"tablet-{held}.db"
    db = connect(path)
    prepare(db)
    load_demo(db)
    expert = db.execute("SELECT id FROM users WHERE email = ?", [EXPERT]).fetchone()[0]
    review = db.execute("SELECT min(review_id) FROM review_members WHERE user_id = ?", [expert]).fetchone()[0]
    guide = db.execute(
        "SELECT max(guide_version_id) FROM conversations WHERE guide_version_id IS NOT NULL"
    ).fetchone()[0]
    moment = datetime.now(UTC)
    later = (moment + timedelta(days=60)).isoformat()
    db.execute(
        "UPDATE conversations SET planned_at = ? WHERE interviewer_id = ? AND status = 'not_started'",
        [later, expert],
    )
    under_way = 0
    for n in range(held):
        person = db["participants"].insert(
            {"review_id": review, "reference": f"TABLET-{n:03}", "contact_mode": "home", "language": "en",
             "needs": "[]", "created_at": moment.isoformat()}
        ).last_pk  # fmt: skip
        planned = (moment + timedelta(days=1 + 12 * n / max(held, 1))).isoformat()
        row = {"participant_id": person, "interviewer_id": expert, "planned_at": planned}
        if n == 0:
            row |= {"status": "in_progress", "guide_version_id": guide, "language": "en",
                    "language_used": "en", "present": '["nobody"]', "consent": "yes",
                    "consent_how": "spoken_in_person", "started_at": moment.isoformat()}  # fmt: skip
        conversation = db["conversations"].insert(row).last_pk
        under_way = under_way or conversation
    db.conn.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path, under_way


class Counted:
    """The app, counting the requests that reach it (static files included) and their answers."""

    def __init__(self, app) -> None:
        self.wsgi = app.wsgi_app
        self.statuses: list[tuple[str, str]] = []

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            self.statuses.append((environ.get("PATH_INFO", ""), status.split()[0]))
            return start_response(status, headers, exc_info)

        return self.wsgi(environ, start)


class Relay:
    """A TCP relay in front of the server that counts the bytes sent to the browser."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.received = 0
        self.last = time.monotonic()
        self.lock = threading.Lock()
        self.listener = socket.create_server((HOST, 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection((HOST, self.target))
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, counted: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if counted:
                    with self.lock:
                        self.received += len(chunk)
                        self.last = time.monotonic()
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.listener.close()


def quiet(relay: Relay, counted: Counted, seconds: float = QUIET_SECONDS, limit: float = 120) -> None:
    """Wait until nothing has been received or asked for `seconds`."""
    deadline = time.monotonic() + limit
    seen = len(counted.statuses)
    while time.monotonic() < deadline:
        time.sleep(0.25)
        if len(counted.statuses) != seen:
            seen = len(counted.statuses)
            relay.last = max(relay.last, time.monotonic())
        if time.monotonic() - relay.last >= seconds:
            return
    raise RuntimeError("the tablet never went quiet")


KEPT_STAMPS = """async () => {
  const pages = await caches.open("coproduce-pages-v1");
  const stamps = await pages.match("/__kept-stamps__");
  return stamps ? Object.keys(await stamps.json()).length : -1;
}"""


def kind(path: str) -> str:
    if path.startswith("/pictures/"):
        return "pictures"
    if path.startswith("/static/") or path == "/service-worker.js":
        return "files"
    if path.endswith(".json"):
        return "list"
    return "pages"


def figures(relay: Relay, counted: Counted, since_bytes: int, since_requests: int) -> dict:
    asked = counted.statuses[since_requests:]
    result = {"requests": len(asked), "bytes": relay.received - since_bytes}
    result["not_modified"] = sum(1 for _path, status in asked if status == "304")
    for path, _status in asked:
        result[kind(path)] = result.get(kind(path), 0) + 1
    result["asked"] = asked
    return result


def sign_in(page) -> None:
    page.goto("/login")
    page.locator("#email").fill(EXPERT)
    page.locator("#password").fill(DEMO_PASSWORDS[EXPERT])
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


def measure(browser, held: int, folder: Path) -> dict:
    from waitress import create_server

    database, under_way = make_database(folder, held)
    app = create_app(
        {"DATABASE": str(database), "SECRET_KEY": "bench-tablet", "SESSION_COOKIE_SECURE": False}
    )
    counted = Counted(app)
    server = create_server(counted, host=HOST, port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    relay = Relay(server.effective_port)
    base = f"http://{HOST}:{relay.port}"
    out: dict = {"held": held}
    try:
        context = browser.new_context(base_url=base, viewport={"width": 768, "height": 1024})
        page = context.new_page()
        start_bytes, start_requests = relay.received, len(counted.statuses)
        sign_in(page)
        deadline = time.monotonic() + 180
        while page.evaluate(KEPT_STAMPS) < held:
            if time.monotonic() > deadline:
                raise RuntimeError("the service worker did not keep every conversation")
            time.sleep(0.25)
        quiet(relay, counted)
        out["first"] = figures(relay, counted, start_bytes, start_requests)
        page.close()

        start_bytes, start_requests = relay.received, len(counted.statuses)
        page = context.new_page()
        page.goto("/")
        page.wait_for_load_state("networkidle")
        quiet(relay, counted)
        out["repeat"] = figures(relay, counted, start_bytes, start_requests)
        context.close()

        # The question page alone: no service worker, an empty cache.
        context = browser.new_context(
            base_url=base, viewport={"width": 768, "height": 1024}, service_workers="block"
        )
        page = context.new_page()
        sign_in(page)
        context.new_cdp_session(page).send("Network.clearBrowserCache")
        quiet(relay, counted, 0.5)
        question = f"/conversations/{under_way}/questions/{loader.latest(MAIN_GUIDE).questions[0].key}"
        start_bytes, start_requests = relay.received, len(counted.statuses)
        page.goto(question)
        page.wait_for_load_state("networkidle")
        quiet(relay, counted, 1.0)
        out["question"] = figures(relay, counted, start_bytes, start_requests)
        context.close()
    finally:
        relay.close()
        server.close()
    return out


def table(results: list[dict]) -> list[str]:
    lines = [
        "| conversations kept | visit | requests | of them 304 | pages | list | pictures | files "
        "| KB received |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        for visit, label in (
            ("first", "first visit (sign in, empty cache)"),
            ("repeat", "repeat visit, nothing changed"),
        ):
            f = result[visit]
            lines.append(
                f"| {result['held']} | {label} | {f['requests']} | {f['not_modified']} "
                f"| {f.get('pages', 0)} | {f.get('list', 0)} | {f.get('pictures', 0)} | {f.get('files', 0)} "
                f"| {f['bytes'] / 1000:.1f} |"
            )
    return lines


def verdicts(results: list[dict]) -> list[str]:
    by_held = {result["held"]: result for result in results}
    lines = ["| target | measured | met |", "| --- | ---: | --- |"]

    def row(name: str, value: float, limit: int) -> None:
        lines.append(
            f"| {name} (at most {limit / 1000:g} KB) | {value / 1000:.1f} KB "
            f"| {'yes' if value <= limit else 'NO'} |"
        )

    if 5 in by_held:
        row("signing in with 5 conversations kept, in all", by_held[5]["first"]["bytes"], TARGETS["five"])
    if 5 in by_held and 20 in by_held:
        further = (by_held[20]["first"]["bytes"] - by_held[5]["first"]["bytes"]) / 15
        row("each further conversation (20 kept against 5)", further, TARGETS["each_further"])
    repeat = max(result["repeat"]["bytes"] for result in results)
    row("a repeat visit with nothing changed (the largest)", repeat, TARGETS["repeat"])
    question = max(result["question"]["bytes"] for result in results)
    row("the question page's own first visit", question, TARGETS["question_page"])
    return lines


def write(output: Path, lines: list[str]) -> None:
    section = "\n".join([START, *lines, END])
    text = output.read_text() if output.exists() else ""
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section + "\n"
    output.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--held", type=int, nargs="+", default=list(HELD))
    parser.add_argument("--output", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--verbose", action="store_true", help="List every request of each visit.")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: make test-deps installs it")
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-tablet-"))
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for held in args.held:
                results.append(measure(browser, held, folder))
                shown = {
                    visit: {k: v for k, v in f.items() if k != "asked"}
                    for visit, f in results[-1].items()
                    if isinstance(f, dict)
                }
                print(f"  {held} kept: {shown}", file=sys.stderr, flush=True)
                if args.verbose:
                    for visit in ("first", "repeat", "question"):
                        print(f"    {visit}: {results[-1][visit]['asked']}", file=sys.stderr)
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    lines = [
        "## The tablet: what signing in fetches to work offline (`bench/tablet.py`)",
        "",
        f"- Date: {datetime.now(UTC).isoformat(timespec='seconds')}; Chromium ({CHROMIUM}), 768 x 1024, "
        "a new browser context (empty cache) for each row's first visit",
        "- Bytes received by the browser (headers and compressed bodies), page and service worker "
        "together, counted by a TCP relay in front of waitress; requests as they reached the app "
        "(pages: HTML screens; list: `/conversations/offline.json`; files: static/ and the worker)",
        "- Each expert holds that many conversations, all planned in the next 14 days (one under "
        "way); the demo's own are moved 60 days on, so they are listed on the home page but not kept",
        "",
        *table(results),
        "",
        "Question page alone (the service worker blocked, an empty cache): "
        + ", ".join(
            f"{r['held']} kept: {r['question']['requests']} requests, {r['question']['bytes'] / 1000:.1f} KB"
            for r in results
        ),
        "",
        *verdicts(results),
    ]
    print("\n".join(lines))
    write(Path(args.output), lines)
    print(f"\nWritten to {args.output}")


if __name__ == "__main__":
    main()
