"""Demo for people: someone invited who has not set a password yet, so the people list shows one."""

from __future__ import annotations

import secrets

from sqlite_utils import Database

from coproduce.db import now
from coproduce.people.data import new_invite_row, token_hash_of


def add_demo(db: Database, users: dict[str, int]) -> None:
    user_id = (
        db["users"]
        .insert(
            {
                "email": "invited@example.org",
                "name": "Priya Shah",
                "role": "expert_by_experience",
                "created_at": now(),
            }
        )
        .last_pk
    )
    # Nobody knows this token: the coordinator makes a new link to try the invitation journey.
    db["invites"].insert(
        new_invite_row(user_id, users["coordinator@example.org"], token_hash_of(secrets.token_urlsafe(32)))
    )
