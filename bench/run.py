"""`make bench`: generate the national database, serve it as the README says, load it from this
process with a small threaded HTTP client on 127.0.0.1, and compare each endpoint with a bare Flask
app served by the same server (gunicorn, the same workers and threads), in the same run.

    .venv/bin/python -m bench.run [--councils 153] [--years 10] [--seconds 5]

Prints a table and writes bench/RESULTS.md. Every loop is bounded in time. For a quick look at a few
rows (the bare app's are always measured, to compare with):

    .venv/bin/python -m bench.run --reuse --only capture --only save --concurrency 10 --output /tmp/r.md
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from bench.generate import COORDINATOR, EXPERT, PASSWORD, PSW, generate
from bench.weight import page_weight
from coproduce.server import default_workers

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOST = "127.0.0.1"
THREADS = 4  # threads of each worker: the `coproduce run` default
CONCURRENCY = (1, 10, 50)
# The endpoints' short names (--only), in the order they are measured.
ROW_NAMES = ("capture", "save", "expert-home", "dashboard", "regional", "export")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the server stopped")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def _server_pids(pid: int) -> list[int]:
    """The server's parent process and its workers."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return [pid, *(int(child) for child in children)]


def _peak_rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measured_load(pid: int, *load_args) -> dict:
    """`load(*load_args)`'s figures with the peak resident memory of server `pid` and its workers
    while it ran: the sum of each process's peak, so at least the peak of them all together (Linux
    resets a process's high-water mark, VmHWM, to its present size when "5" is written to clear_refs)."""
    pids = _server_pids(pid)
    for each in pids:
        Path(f"/proc/{each}/clear_refs").write_text("5")
    return {**load(*load_args), "peak_mib": sum(_peak_rss_kib(each) for each in pids) / 1024}


class Session:
    """One signed-in session (a cookie), reused by every client thread."""

    def __init__(self, port: int, email: str) -> None:
        self.port = port
        self.cookie = ""
        page = self.get("/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        body = urlencode({"csrf_token": token, "email": email, "password": PASSWORD})
        status, _ = self.request(
            "POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302:
            raise RuntimeError(f"sign-in as {email} gave {status}")

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        conn.request(method, path, body, {"Cookie": self.cookie, **(headers or {})})
        response = conn.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                cookies = dict(c.split("=", 1) for c in self.cookie.split("; ") if "=" in c)
                key, val = pair.split("=", 1)
                cookies[key] = val
                self.cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        conn.close()
        return response.status, content

    def get(self, path: str) -> str:
        return self.request("GET", path)[1].decode()


def load(port: int, make_request, concurrency: int, seconds: float) -> dict:
    """Run `make_request(conn, worker)` from `concurrency` threads for `seconds`, each thread on
    one kept-alive connection. Returns throughput, latency percentiles and errors."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        mine, bad = [], 0
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                ok = make_request(conn, index)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=120)
                ok = False
            mine.append(time.perf_counter() - start)
            bad += not ok
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0.0

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": errors[0],
    }


def _getter(path: str, cookie: str = ""):
    def make_request(conn: http.client.HTTPConnection, _index: int) -> bool:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        response.read()
        return response.status == 200

    return make_request


def _saver(session: Session, db_path: Path, conversations: list[int], key: str, token: str):
    """Background save: each client thread writes its own conversation's answer and sends the
    version it was given back last time (as the page's script does), starting from the stored one
    (a reused database holds the versions of the last run's saves)."""
    with closing(sqlite3.connect(db_path)) as db:
        versions: dict[int, int] = dict(
            db.execute(
                "SELECT conversation_id, version FROM answers WHERE question_key = ?", [key]
            ).fetchall()
        )
    path = "/conversations/{}/questions/" + key + "/autosave"

    def make_request(conn: http.client.HTTPConnection, index: int) -> bool:
        conversation = conversations[index % len(conversations)]
        body = json.dumps(
            {"version": versions.get(conversation, 0), "notes": f"Typed note {time.time()}", "rating": "4"}
        )
        conn.request(
            "POST",
            path.format(conversation),
            body,
            {"Cookie": session.cookie, "Content-Type": "application/json", "X-CSRFToken": token,
             "Origin": f"http://{HOST}:{session.port}", "Referer": f"http://{HOST}:{session.port}/"},
        )  # fmt: skip
        response = conn.getresponse()
        content = response.read()
        if response.status == 200:
            versions[conversation] = json.loads(content)["version"]
            return True
        if response.status == 409:
            versions[conversation] = json.loads(content)["version"]
        return False

    return make_request


def _serve_app(db_path: Path, port: int, workers: int, threads: int = THREADS) -> subprocess.Popen:
    env = {**os.environ, "COPRODUCE_DATABASE": str(db_path), "COPRODUCE_INSECURE_COOKIES": "1"}
    command = ["run", "--no-demo", "--port", str(port), "--workers", str(workers), "--threads", str(threads)]
    return subprocess.Popen(  # noqa: S603 (our own command)
        [str(Path(sys.executable).parent / "coproduce"), *command],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _serve_bare(port: int, workers: int, threads: int = THREADS) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own module)
        [sys.executable, "-m", "bench.bare", str(port), str(workers), str(threads)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


# The targets (issue 19), checked on each run: (figure, endpoint, concurrency, what, limit).
TARGETS = (
    ("capture question page: share of bare Flask", "capture question page (GET)", 10, "share", 10.0),
    ("capture question page: p95", "capture question page (GET)", 10, "p95", 30.0),
    ("background save: share of bare Flask", "background save (POST)", 10, "share", 20.0),
    ("expert's home: p95", "expert's home", 10, "p95", 50.0),
    ("review dashboard: p95", "review dashboard", 10, "p95", 50.0),
    ("regional view: p95", "regional view (all data)", 10, "p95", 150.0),
    ("Word export: p95", "Word export", 1, "p95", 1000.0),
)


def _targets(results: list[tuple[str, int, dict]], peak: float, weight) -> list[str]:
    lines = ["| target | concurrency | limit | measured | met? |", "| --- | ---: | ---: | ---: | --- |"]
    for figure, endpoint, c, what, limit in TARGETS:
        row = next((r for name, cc, r in results if name.startswith(endpoint) and cc == c), None)
        if row is None:
            continue
        value = row[what]
        met = value >= limit if what == "share" else value <= limit
        unit = "%" if what == "share" else " ms"
        sign = "at least" if what == "share" else "at most"
        lines.append(
            f"| {figure} | {c} | {sign} {limit:g}{unit} | {value:.1f}{unit} | {'yes' if met else 'no'} |"
        )
    lines.append(f"| peak server memory (parent and workers) | all | under 512 MiB | {peak:.0f} MiB | "
                 f"{'yes' if peak < 512 else 'no'} |")  # fmt: skip
    if weight:
        first = weight[0][1]["total"] / 1024
        met = "yes" if first < 60 else "no"
        lines.append(f"| capture page, first visit | - | under 60 KB | {first:.1f} KB | {met} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--councils", type=int, default=153)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=5, help="Load time per endpoint and concurrency.")
    parser.add_argument("--workers", type=int, default=default_workers(), help="Server worker processes.")
    parser.add_argument("--database", default=str(ROOT / "instance" / "bench.db"))
    parser.add_argument("--reuse", action="store_true", help="Use the database made by a previous run.")
    parser.add_argument("--output", default=str(HERE / "RESULTS.md"))
    parser.add_argument(
        "--only",
        action="append",
        choices=ROW_NAMES,
        help="Measure only this endpoint (again for more); the bare app is always measured.",
    )
    parser.add_argument(
        "--concurrency", type=int, action="append", help="Only this concurrency (again for more)."
    )
    parser.add_argument("--threads", type=int, default=THREADS, help="Threads of each worker process.")
    args = parser.parse_args()
    concurrency = tuple(args.concurrency or CONCURRENCY)
    db_path = Path(args.database)
    db_path.parent.mkdir(parents=True, exist_ok=True)

    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    cores = os.cpu_count()
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    say("# Benchmark results")
    say()
    say(f"- Date: {datetime.now(UTC).isoformat(timespec='seconds')}")
    say(
        f"- Machine: {cores} cores, {mem_gib:.1f} GiB memory, {platform.platform()}, "
        f"Python {platform.python_version()}"
    )
    say(
        f"- Server: gunicorn with {args.workers} worker processes of {args.threads} threads each "
        f"(`coproduce run --no-demo`), on {HOST}; the bare Flask app by the same server with the same "
        f"workers and threads (`bench/bare.py`); load from a second process (Python threads, one "
        f"kept-alive connection each), {args.seconds:g} s per row"
    )
    say(
        f"- Load average when the run started: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min)"
    )
    header_end = len(lines)

    meta_path = db_path.with_suffix(".json")
    if args.reuse and meta_path.exists():
        made = json.loads(meta_path.read_text())
    else:
        made = generate(db_path, args.councils, args.years)
        meta_path.write_text(json.dumps(made))
    say()
    say("## Data")
    say()
    say(f"{made['reviews']} reviews, {made['conversations']} conversations, {made['answers']} answers, "
        f"{made['quotes']} quotes, {made['codings']} codings; {made['bytes'] / 2**20:.0f} MiB on disk; "
        f"generated in {made['seconds']} s (schema and guide versions through `coproduce.db.prepare`, "
        "bulk rows with sqlite-utils `insert_all`, one transaction per review).")  # fmt: skip

    results: list[tuple[str, int, dict]] = []
    bare_runs: dict[int, list[float]] = {c: [] for c in concurrency}
    bare_port, port = _free_port(), _free_port()
    bare = _serve_bare(bare_port, args.workers, args.threads)
    server = _serve_app(db_path, port, args.workers, args.threads)

    def measure_bare(when: str) -> None:
        for c in concurrency:
            row = measured_load(bare.pid, bare_port, _getter("/"), c, args.seconds)
            bare_runs[c].append(row["rps"])
            results.append((f"bare Flask hello world ({when})", c, row))
            print(f"  bare ({when}) c={c}: {row}", file=sys.stderr, flush=True)

    weight = None
    try:
        _wait_for(bare_port, bare)
        _wait_for(port, server)
        measure_bare("first")
        expert, psw, coordinator = Session(port, EXPERT), Session(port, PSW), Session(port, COORDINATOR)
        live, key, big = made["live_conversations"], made["question_key"], made["big_review"]
        capture = f"/conversations/{live[0]}/questions/{key}"
        page = expert.get(capture)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        endpoints = [
            ("capture question page (GET)", _getter(capture, expert.cookie)),
            ("background save (POST)", _saver(expert, db_path, live, key, token)),
            ("expert's home", _getter("/", expert.cookie)),
            (
                f"review dashboard ({made['big_review_size']} conversations)",
                _getter(f"/reviews/{big}/dashboard", psw.cookie),
            ),
            ("regional view (all data)", _getter("/findings/regional", coordinator.cookie)),
            (
                f"Word export ({made['big_review_size']} conversations)",
                _getter(f"/reviews/{big}/export?format=docx", psw.cookie),
            ),
        ]
        for short, (name, make_request) in zip(ROW_NAMES, endpoints, strict=True):
            if args.only and short not in args.only:
                continue
            for c in concurrency:
                results.append((name, c, measured_load(server.pid, port, make_request, c, args.seconds)))
                print(f"  {name} c={c}: {results[-1][2]}", file=sys.stderr, flush=True)
        measure_bare("last")
        try:
            weight = None if args.only else page_weight(port, capture)
        except Exception as error:
            print(f"page weight not measured: {error!r}", file=sys.stderr)
    finally:
        _stop(server)
        _stop(bare)

    bare_rps = {c: sum(runs) / len(runs) for c, runs in bare_runs.items() if runs}
    for _name, c, r in results:
        r["share"] = 100 * r["rps"] / bare_rps[c]
    ended = f"- Load average when the load ended: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    lines.insert(header_end, ended)
    print(ended)
    say()
    say("## Load")
    say()
    say("Each endpoint's requests a second as a share of the bare Flask app's at the same concurrency, "
        "served by the same server with the same workers and threads (the mean of its two runs, the "
        "first before the app's rows and the last after them).")  # fmt: skip
    say()
    say("| endpoint | concurrency | requests | req/s | p50 ms | p95 ms | p99 ms | errors | % of bare Flask "
        "| peak MiB |")  # fmt: skip
    say("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, c, r in results:
        say(f"| {name} | {c} | {r['requests']} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | "
            f"{r['p99']:.1f} | {r['errors']} | {r['share']:.1f}% | {r['peak_mib']:.0f} |")  # fmt: skip
    say()
    peak = max(r["peak_mib"] for name, _, r in results if not name.startswith("bare"))
    say(f"Peak resident memory of the app's server (its parent and workers, each one's peak added up) "
        f"during the load: {peak:.0f} MiB (each row's peak is in its last column).")  # fmt: skip
    if weight:
        say()
        say("## Page weight (capture question page, Chromium)")
        say()
        say("| visit | requests | total KB | html KB | css KB | js KB | images KB | fonts KB | other KB |")
        say("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for visit, w in weight:
            kinds = " | ".join(
                f"{w.get(k, 0) / 1024:.1f}" for k in ("html", "css", "js", "images", "fonts", "other")
            )
            say(f"| {visit} | {w['requests']} | {w['total'] / 1024:.1f} | {kinds} |")
    say()
    say("## Targets (issue 19)")
    say()
    for line in _targets(results, peak, weight):
        say(line)
    Path(args.output).write_text("\n".join(lines) + "\n")
    print(f"\nWritten to {args.output}")


if __name__ == "__main__":
    main()
