"""A write transaction is on disk when it returns, and threads committing together share one flush
of the write-ahead log (coproduce/db.py, `WalSync`); a page view's audit record is written with the
request's own write, or before its response (coproduce/audit.py)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from flask import Flask

from coproduce import db as dbmodule
from coproduce.db import connect, write_transaction
from tests.test_capture import SECOND, conversation_id, start_with_consent


@pytest.fixture
def flushes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, str]]:
    """Every fsync of a WAL file: (when it ended, the file), each taking 30 ms."""
    seen: list[tuple[float, str]] = []
    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        path = os.readlink(f"/proc/self/fd/{fd}")
        real_fsync(fd)
        if path.endswith("-wal"):
            time.sleep(0.03)
            seen.append((time.monotonic(), path))

    monkeypatch.setattr(dbmodule.os, "fsync", slow_fsync)
    monkeypatch.setattr(dbmodule, "_wal_sync", dbmodule.WalSync())
    return seen


def _table(path: Path) -> None:
    db = connect(path)
    db.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, at REAL)")
    db.close()


def test_a_write_returns_after_its_commit_is_flushed(tmp_path: Path, flushes) -> None:
    path = tmp_path / "one.db"
    _table(path)
    db = connect(path)
    for _ in range(3):
        with write_transaction(db):
            db.execute("INSERT INTO notes (at) VALUES (?)", [time.monotonic()])
        committed = db.execute("SELECT max(at) FROM notes").fetchone()[0]
        assert flushes and flushes[-1][0] > committed and flushes[-1][1] == f"{path}-wal"
    assert len(flushes) == 3
    with write_transaction(db, wait_for_disk=False):
        db.execute("INSERT INTO notes (at) VALUES (?)", [time.monotonic()])
    assert len(flushes) == 3
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again for anything else
    db.close()


def test_threads_that_commit_together_share_a_flush(tmp_path: Path, flushes) -> None:
    path = tmp_path / "many.db"
    _table(path)
    returned: dict[int, float] = {}

    def write(index: int) -> None:
        db = connect(path)
        with write_transaction(db):
            db.execute("INSERT INTO notes (id, at) VALUES (?, ?)", [index + 1, time.monotonic()])
        returned[index + 1] = time.monotonic()
        db.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db = connect(path)
    committed = dict(db.execute("SELECT id, at FROM notes").fetchall())
    db.close()
    assert len(committed) == 8 and len(flushes) < 8  # eight commits, fewer flushes
    for note, at in committed.items():  # each returned after a flush that began after its commit
        assert any(at < ended - 0.03 + 0.005 and ended <= returned[note] for ended, _ in flushes)


def _audit_rows(app: Flask, cid: int) -> list[str]:
    db = connect(app.config["DATABASE"])
    rows = db.execute(
        "SELECT action FROM audit_log WHERE object_type = 'conversation' AND object_id = ? ORDER BY id", [cid]
    ).fetchall()
    db.close()
    return [row[0] for row in rows]


def test_a_save_and_its_audit_record_are_one_commit(app: Flask, client, flushes) -> None:
    client.post("/login", data={"email": "expert@example.org", "password": "demo-expert-2026-pass"})
    cid = conversation_id(app, "BHM-ASC-10482")
    start_with_consent(client, cid)
    before, flushed = _audit_rows(app, cid), len(flushes)
    saved = client.post(
        f"/conversations/{cid}/questions/{SECOND}/autosave", json={"version": 0, "rating": "4"}
    )
    assert saved.status_code == 200
    assert "Set-Cookie" not in saved.headers  # a script's save leaves the cookie as its page set it
    assert _audit_rows(app, cid) == [*before, "change_answer"]
    assert len(flushes) == flushed + 1  # one commit that waited for the disk: the answer and its record
    # A refused save (a stale version) changes nothing, and is still recorded.
    stale = client.post(
        f"/conversations/{cid}/questions/{SECOND}/autosave", json={"version": 0, "rating": "2"}
    )
    assert stale.status_code == 409
    assert _audit_rows(app, cid) == [*before, "change_answer", "change_answer"]
    # A page view is recorded before its page is sent, without waiting for the disk.
    flushed = len(flushes)
    page = client.get(f"/conversations/{cid}/questions/{SECOND}")
    assert page.status_code == 200 and "Set-Cookie" in page.headers  # a page renews the cookie
    assert _audit_rows(app, cid)[-1] == "view_conversation" and len(flushes) == flushed


def test_a_view_recorded_during_a_write_is_committed_with_it(app: Flask) -> None:
    from flask import g

    from coproduce.audit import record
    from coproduce.db import get_db

    with app.test_request_context("/"):
        db = get_db()
        record("view", "conversation", 424242)  # waits for the request's next write
        with write_transaction(db):
            record("view_conversation", "conversation", 424242)  # begins to wait during it
        assert g.writes_soon == []
        with pytest.raises(RuntimeError), write_transaction(db):
            record("view", "conversation", 424242)
            raise RuntimeError("the write fails")
        assert len(g.writes_soon) == 1  # rolled back with the write: still waiting, made later
    assert _audit_rows(app, 424242) == ["view", "view_conversation"]
