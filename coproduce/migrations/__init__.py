"""The schema as sqlite-utils migrations, applied in order, each in its own module.

A migration is frozen once shipped: it never imports live code (codes, codebooks, guides), so what
it does to a database never changes. A change to the schema is a new module added at the end of
`STEPS`; its name is recorded in `_sqlite_migrations` and must never change.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from coproduce.guides.data import sync_versions
from coproduce.migrations import (
    m001_foundation,
    m002_people,
    m005_security,
    m006_findings,
    m007_summaries,
    m008_offline,
    m009_report,
    m010_action_plan,
    m011_evidence,
    m012_review_contact,
    m013_guide_edition_2,
    m014_read_speed,
)

STEPS = (
    m001_foundation,
    m002_people,
    m005_security,
    m006_findings,
    m007_summaries,
    m008_offline,
    m009_report,
    m010_action_plan,
    m011_evidence,
    m012_review_contact,
    m013_guide_edition_2,
    m014_read_speed,
)

migrations = Migrations("coproduce")
for _step in STEPS:
    migrations(name=_step.__name__.rpartition(".")[2])(_step.migrate)


def names() -> list[str]:
    """The names of every migration this version knows, in order."""
    return [step.__name__.rpartition(".")[2] for step in STEPS]


def prepare(db: Database) -> None:
    """Bring the schema up to date and record the guide versions found in guides/."""
    migrations.apply(db)
    sync_versions(db)
