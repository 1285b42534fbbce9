"""The README stays true: its Quick start, its demo logins and its command reference."""

from __future__ import annotations

import re
from pathlib import Path

from coproduce.cli import main
from coproduce.demo import DEMO_LOGINS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def test_quick_start_has_the_run_and_test_commands_and_ci_runs_the_second() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", _section("Quick start"), re.S)
    assert [block.strip() for block in blocks[:2]] == ["make run", "make test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert [line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))] == [
        blocks[1].strip()
    ]


def test_demo_logins_table_matches_the_demo() -> None:
    rows = re.findall(r"^\| (\w+) \| (\S+@\S+) \| (\S+) \|$", _section("Demo logins"), re.M)
    assert rows == [(role, email, password) for role, email, password, *_ in DEMO_LOGINS]


def test_every_command_is_documented() -> None:
    commands = _section("Commands")
    for name, command in main.commands.items():
        assert f"`coproduce {name}" in commands, f"coproduce {name} is not in the README"
        for sub in getattr(command, "commands", {}):
            assert sub in commands, f"coproduce {name} {sub} is not in the README"
