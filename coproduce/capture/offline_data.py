"""Which of an expert by experience's conversations the tablet keeps for working with no
connection (static/js/service-worker.js keeps their screens): the ones under way, and those planned
from a day ago (one may be running late) to 14 days ahead, the soonest first, 20 at most. The others,
and those not planned yet, need a connection; the home page says how many are kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from coproduce.auth import User
from coproduce.capture.data import HELD_BY, LISTED, OPEN
from coproduce.db import get_db

KEEP_DAYS_AHEAD = 14
KEEP_DAYS_BEHIND = 1
# At most this many, however many are planned: a few reviews' worth, without filling a tablet.
OFFLINE_LIMIT = 20


def _minute(moment: datetime) -> str:
    # Planned times are stored as ISO text to the minute or the second, with or without an offset
    # (a form's local time, or UTC); their first 16 characters compare as times.
    return moment.isoformat(timespec="minutes")[:16]


def to_keep_offline(user: User, moment: datetime | None = None) -> list[dict[str, Any]]:
    """The conversations the tablet keeps, in the order of the home page's list. Each has a
    `version` that changes when the conversation moves on (started, who is there, consent). Answers
    do not change it: the tablet shows its own newest words over a kept screen
    (static/js/capture.mjs)."""
    moment = moment or datetime.now(UTC)
    since = _minute(moment - timedelta(days=KEEP_DAYS_BEHIND))
    until = _minute(moment + timedelta(days=KEEP_DAYS_AHEAD))
    return list(
        get_db().query(
            f"""SELECT {LISTED} {HELD_BY} AND {OPEN} AND (c.status = 'in_progress'
                OR (substr(c.planned_at, 1, 16) >= ? AND substr(c.planned_at, 1, 16) <= ?))
            ORDER BY c.status = 'in_progress' DESC, c.planned_at IS NULL, c.planned_at, c.id LIMIT ?""",
            [user.id, since, until, OFFLINE_LIMIT],
        )
    )
