"""Regional learning for PSWs: signed-off findings across the region by theme and year, with the
follow-up status of recommendations. Councils are named only where the report is published
(`regional.data.published`); the coordinator sees every name and downloads it all."""

from __future__ import annotations

from typing import Any

from coproduce.db import get_db
from coproduce.paging import Page, page_of
from coproduce.regional.data import REGIONAL_PAGE_SIZE, kept_while_unchanged, published, regional_where

FINDINGS_SQL = f"""SELECT coalesce(t.name, '') AS theme, r.year, co.name AS council, r.focus, f.kind,
    f.title, {published()} AS published,
    (SELECT fu.progress FROM follow_ups fu WHERE fu.finding_id = f.id
     ORDER BY fu.recorded_at DESC, fu.id DESC LIMIT 1) AS progress
    FROM findings f JOIN reviews r ON r.id = f.review_id JOIN councils co ON co.id = r.council_id
    LEFT JOIN finding_evidence fe ON fe.finding_id = f.id AND fe.theme_id IS NOT NULL
    LEFT JOIN themes t ON t.id = fe.theme_id
    WHERE f.status = 'signed_off' AND {{where}}
    ORDER BY theme = '', theme, r.year DESC, co.name, f.id"""


def findings_page(region: str | None, year: int | None, number: int) -> Page:
    """One page of signed-off findings across the region, by theme (a finding linked to two
    themes shows under each; one with none comes last) and year."""
    where, params = regional_where(region, year)
    return page_of(FINDINGS_SQL.format(where=where), params, number, REGIONAL_PAGE_SIZE)


FINDINGS_COLUMNS = ("theme", "year", "council", "focus", "kind", "finding", "published", "follow_up")


def findings_rows() -> list[tuple[Any, ...]]:
    """Every signed-off finding across the region, for the coordinator's download."""
    return [
        (row["theme"], row["year"], row["council"], row["focus"], row["kind"], row["title"],
         "yes" if row["published"] else "no", row["progress"] or "")
        for row in get_db().query(FINDINGS_SQL.format(where="1 = 1"))
    ]  # fmt: skip


def published_groups() -> frozenset[tuple[str, int, str]]:
    """The (council, year, focus) of every review with a published report: the rows of the
    themes and ratings tables whose council a PSW may see named. Kept until the summaries' stamp
    changes, which a review's change of status, year, focus or council draws anew (m014)."""
    return kept_while_unchanged(
        "published",
        lambda db: frozenset(
            (row[0], row[1], row[2])
            for row in db.execute(
                f"""SELECT co.name AS council, r.year, r.focus FROM reviews r
                JOIN councils co ON co.id = r.council_id WHERE {published()}"""
            )
        ),
    )
