"""`coproduce backup` and `coproduce restore`: an online backup while saves run, and a checked restore."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from coproduce.backup import BackupError, backup, problems, restore
from coproduce.cli import main as cli
from coproduce.db import connect
from tests.conftest import make_app, sign_in
from tests.test_capture import FIRST, conversation_id, start_with_consent

SAVES = 60


def _tables(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order, to compare two databases."""
    conn = sqlite3.connect(str(path))
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    rows = {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in names}
    conn.close()
    return rows


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_taken_while_saves_run_restores_into_a_fresh_instance(app: Flask, tmp_path: Path) -> None:
    expert = app.test_client()
    sign_in(expert, "expert_by_experience")
    cid = conversation_id(app, "BHM-ASC-10482")
    start_with_consent(expert, cid)
    url = f"/conversations/{cid}/questions/{FIRST}/autosave"
    acknowledged: list[int] = []
    halfway = threading.Event()

    def save_in_a_loop() -> None:
        saver = app.test_client()
        sign_in(saver, "expert_by_experience")
        version = 0
        for number in range(1, SAVES + 1):
            response = saver.post(url, json={"version": version, "notes": f"save {number}"})
            assert response.status_code == 200
            version = response.json["version"]
            acknowledged.append(version)
            if number == SAVES // 3:
                halfway.set()

    saver = threading.Thread(target=save_in_a_loop)
    saver.start()
    assert halfway.wait(60)
    during = backup(app.config["DATABASE"], tmp_path / "during.db")
    saver.join(60)
    assert not saver.is_alive() and len(acknowledged) == SAVES
    after = backup(app.config["DATABASE"], tmp_path / "after.db")

    # The backup taken during the saves is consistent: one whole save, never half of one.
    assert problems(during) == []
    conn = sqlite3.connect(str(during))
    version, notes = conn.execute(
        "SELECT version, notes FROM answers WHERE conversation_id = ? AND question_key = ?", [cid, FIRST]
    ).fetchone()
    conn.close()
    assert SAVES // 3 <= version <= SAVES and notes == f"save {version}"

    # Restored into a fresh instance, the backup after the saves holds exactly what the live one does.
    fresh = tmp_path / "fresh" / "coproduce.db"
    assert restore(after, fresh) is None
    assert [p.name for p in fresh.parent.iterdir()] == ["coproduce.db"]
    assert _tables(fresh) == _tables(Path(app.config["DATABASE"]))
    restored = make_app(fresh).test_client()
    sign_in(restored, "expert_by_experience")
    page = restored.get(f"/conversations/{cid}/questions/{FIRST}").get_data(as_text=True)
    assert f"save {SAVES}" in page


def test_restore_replaces_a_database_and_keeps_the_old_one(app: Flask, tmp_path: Path) -> None:
    database = Path(app.config["DATABASE"])
    saved = backup(database, tmp_path / "saved.db")
    connect(database).execute("UPDATE councils SET name = 'Changed after the backup' WHERE id = 1")
    kept = restore(saved, database)
    assert kept is not None and problems(kept) == []
    names = [row[0] for row in sqlite3.connect(str(database)).execute("SELECT name FROM councils")]
    assert "Changed after the backup" not in names
    old = [row[0] for row in sqlite3.connect(str(kept)).execute("SELECT name FROM councils")]
    assert "Changed after the backup" in old
    assert make_app(database).test_client().get("/healthz").status_code == 200


def test_restore_replaces_a_damaged_database(app: Flask, tmp_path: Path, demo_database: Path) -> None:
    database = Path(app.config["DATABASE"])
    saved = backup(database, tmp_path / "saved.db")
    connect(database).execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    _corrupt(database, demo_database)
    assert problems(database)
    kept = restore(saved, database)
    assert kept is not None and kept.exists()
    assert problems(database) == []
    assert _tables(database) == _tables(saved)


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"this is not a database" * 100)


def _other_sqlite(path: Path) -> None:
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


def _newer(path: Path, demo_database: Path) -> None:
    backup(demo_database, path)
    conn = sqlite3.connect(str(path))
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('coproduce', 'm999_future', '')"
    )
    conn.commit()
    conn.close()


def _corrupt(path: Path, demo_database: Path) -> None:
    backup(demo_database, path)
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page * 3, len(data) - page, page * 7):
        data[start + 20 : start + 200] = b"\xff" * 180
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_not_sqlite, "not a readable SQLite database"),
        (_other_sqlite, "not a coproduce database"),
        (_newer, "newer version of coproduce"),
        (_corrupt, ""),
        (None, "does not exist"),
    ],
)
def test_restore_refuses_a_bad_file_and_changes_nothing(
    app: Flask, tmp_path: Path, demo_database: Path, make, message: str
) -> None:
    database = Path(app.config["DATABASE"])
    connect(database).execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    before = _digest(database)
    bad = tmp_path / "bad.db"
    if make is _not_sqlite or make is _other_sqlite:
        make(bad)
    elif make is not None:
        make(bad, demo_database)
    found = problems(bad)
    assert found and message in " ".join(found)
    with pytest.raises(BackupError):
        restore(bad, database)
    result = CliRunner().invoke(
        cli, ["restore", "--yes", str(bad)], env={"COPRODUCE_DATABASE": str(database)}
    )
    assert result.exit_code != 0 and "Nothing was changed" in result.output
    assert _digest(database) == before
    assert (
        sorted(p.name for p in database.parent.iterdir() if "restoring" in p.name or "before" in p.name) == []
    )


def test_the_commands(app: Flask, tmp_path: Path) -> None:
    env = {"COPRODUCE_DATABASE": app.config["DATABASE"]}
    runner = CliRunner()
    result = runner.invoke(cli, ["backup", str(tmp_path / "copy.db")], env=env)
    assert result.exit_code == 0 and "Backed up" in result.output
    assert problems(tmp_path / "copy.db") == []
    result = runner.invoke(cli, ["restore", str(tmp_path / "copy.db")], env=env, input="n\n")
    assert result.exit_code != 0 and "Aborted" in result.output
    result = runner.invoke(cli, ["restore", "--yes", str(tmp_path / "copy.db")], env=env)
    assert result.exit_code == 0 and "Restored" in result.output and "is kept in" in result.output
    result = runner.invoke(cli, ["backup", app.config["DATABASE"]], env=env)
    assert result.exit_code != 0 and "must not be the database itself" in result.output
