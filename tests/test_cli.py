"""The `coproduce` command as a person runs it: the installed script, in its own process, with no
app context set up by a test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from coproduce.db import connect

COPRODUCE = Path(sys.executable).parent / "coproduce"


def test_init_db_makes_a_new_database_and_runs_again(tmp_path: Path) -> None:
    database = tmp_path / "new.db"
    env = {**os.environ, "COPRODUCE_DATABASE": str(database)}
    for _ in range(2):  # a second run only brings the schema up to date
        result = subprocess.run(
            [COPRODUCE, "init-db"], env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 0, result.stderr
        assert f"Database ready at {database}" in result.stdout
    assert "users" in connect(database).table_names()
