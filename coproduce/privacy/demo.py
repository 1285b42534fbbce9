"""Demo for the privacy area: closed reviews know when they closed and how long they keep content."""

from __future__ import annotations

from sqlite_utils import Database


def add_demo(db: Database) -> None:
    db.execute(
        """UPDATE reviews SET closed_at = report_due || 'T17:00:00+00:00', retention_months = 12
        WHERE status = 'closed'"""
    )
