"""What the migrations share: running a block of DDL."""

from __future__ import annotations

from sqlite_utils import Database


def run(db: Database, statements: str) -> None:
    """Run a block of `;`-separated DDL inside the migration's transaction."""
    for statement in statements.split(";\n"):
        if statement.strip():
            db.execute(statement)
