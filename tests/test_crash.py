"""The real server killed with SIGKILL in the middle of saves, again and again.

One expert's browser sends autosaves in a loop, each based on the version the last one returned.
At a random moment the server process is killed (SIGKILL: no clean-up at all) and started again.
After every kill: the database passes `PRAGMA integrity_check`, and the answer holds the last save
that got a success response, or the one after it that was in flight when the server died (never an
older one, never half of one). Every save is based on the version stored before it, so a save
acknowledged and then lost would show up as an older answer at the next check.
"""

from __future__ import annotations

import http.client
import itertools
import json
import random
import shutil
import sqlite3
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from coproduce.demo import DEMO_PASSWORDS
from tests.conftest import make_app, sign_in
from tests.realserver import Server
from tests.realserver import csrf as _csrf
from tests.test_capture import FIRST, conversation_id, start_with_consent

KILLS = 50
EXPERT = "expert@example.org"


def _stored(database: Path, cid: int) -> tuple[int, str] | None:
    conn = sqlite3.connect(str(database))
    try:
        assert [row[0] for row in conn.execute("PRAGMA integrity_check")] == ["ok"]
        row = conn.execute(
            "SELECT version, notes FROM answers WHERE conversation_id = ? AND question_key = ?", [cid, FIRST]
        ).fetchone()
    finally:
        conn.close()
    return None if row is None else (row[0], row[1])


def test_sigkill_during_saves_loses_no_acknowledged_save(demo_database: Path, tmp_path: Path) -> None:
    database = tmp_path / "coproduce.db"
    shutil.copy(demo_database, database)
    app = make_app(database)
    with app.test_client() as client:
        sign_in(client, "expert_by_experience")
        cid = conversation_id(app, "BHM-ASC-10482")
        start_with_consent(client, cid)

    server = Server(database, tmp_path)
    server.start()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    token = _csrf(opener.open(f"{server.base}/login", timeout=10).read().decode())
    form = urllib.parse.urlencode({"csrf_token": token, "email": EXPERT, "password": DEMO_PASSWORDS[EXPERT]})
    assert "/login" not in opener.open(f"{server.base}/login", form.encode(), timeout=10).geturl()
    token = _csrf(
        opener.open(f"{server.base}/conversations/{cid}/questions/{FIRST}", timeout=10).read().decode()
    )

    rng = random.Random(7)
    version, number = 0, 0
    acknowledged: list[tuple[int, str]] = []  # (version, notes) of every save that got a 2xx
    unknown: str | None = None  # a save sent when the server died: stored or not, nobody was told
    known: tuple[int, str] | None = None  # the last save known to be stored
    for _kill in range(KILLS):
        killer = threading.Timer(rng.uniform(0.0, 0.25), server.kill)
        killer.start()
        while server.process is not None and server.process.poll() is None:
            number += 1
            notes = f"save {number} " + "words " * rng.randrange(1, 2000)
            request = urllib.request.Request(  # noqa: S310
                f"{server.base}/conversations/{cid}/questions/{FIRST}/autosave",
                data=json.dumps({"version": version, "notes": notes}).encode(),
                headers={"Content-Type": "application/json", "X-CSRFToken": token},
            )
            try:
                with opener.open(request, timeout=10) as response:
                    body = json.loads(response.read())
                    assert 200 <= response.status < 300
            except urllib.error.HTTPError as error:
                raise AssertionError(f"save refused with {error.code}") from error
            except (OSError, ValueError, http.client.HTTPException):
                unknown = notes
                break
            assert body["version"] == version + 1
            version = body["version"]
            acknowledged.append((version, notes))
            known, unknown = (version, notes), None
        killer.join()
        server.kill()
        stored = _stored(database, cid)
        if known:
            assert stored in {known, (known[0] + 1, unknown)}
        else:
            assert stored in {None, (1, unknown)}
        # The browser carries on from what is stored (in the app it learns it from a 409).
        if stored is not None:
            known, unknown, version = stored, None, stored[0]
        server.start()
    server.kill()

    assert len(acknowledged) >= KILLS
    versions = [v for v, _notes in acknowledged]
    assert all(a < b for a, b in itertools.pairwise(versions))
