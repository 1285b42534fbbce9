"""Learning across councils and years, from per-review summaries kept up to date by triggers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlite_utils import Database

from coproduce.analysis.data import CODED_ANSWER
from coproduce.capture.held import FROM_REVIEW, HELD, joined
from coproduce.db import get_db, write_transaction
from coproduce.paging import Page

T = TypeVar("T")
REGIONAL_PAGE_SIZE = 50
# Until reports have stages, a review's report counts as published once the review is reported.
PUBLISHED_STATUSES = ("reported", "follow_up", "closed")


def published(alias: str = "r") -> str:
    """SQL true when the review `alias` has a published report: the one place that decides which
    councils PSWs see named across the region (switch it to the report stages when they exist)."""
    return f"{alias}.status IN ({', '.join(repr(s) for s in PUBLISHED_STATUSES)})"


STALE = "SELECT review_id FROM summaries_stale"


def refresh_summaries(db: Database | None = None) -> int:
    """Recompute the regional summaries of the reviews whose data changed (the triggers of
    m007_summaries list them in summaries_stale). Returns how many reviews were recomputed."""
    db = db or get_db()
    if db.execute("SELECT 1 FROM summaries_stale LIMIT 1").fetchone() is None:
        return 0
    with write_transaction(db):
        count = db.execute("SELECT count(*) FROM summaries_stale").fetchone()[0]
        db.execute(f"DELETE FROM review_theme_counts WHERE review_id IN ({STALE})")
        db.execute(
            f"""INSERT INTO review_theme_counts (review_id, theme, people)
            SELECT p.review_id, t.name, count(DISTINCT c.id)
            FROM codings cd JOIN themes t ON t.id = cd.theme_id {CODED_ANSWER} {joined("a.conversation_id")}
            WHERE {HELD} AND p.review_id IN ({STALE}) GROUP BY p.review_id, t.name"""
        )
        db.execute(f"DELETE FROM review_rating_counts WHERE review_id IN ({STALE})")
        db.execute(
            f"""INSERT INTO review_rating_counts (review_id, people, rated, rating_total)
            SELECT p.review_id, count(DISTINCT c.id),
                count(CASE WHEN a.rating BETWEEN '1' AND '5' THEN 1 END),
                coalesce(sum(CASE WHEN a.rating BETWEEN '1' AND '5' THEN CAST(a.rating AS INTEGER) END), 0)
            FROM {FROM_REVIEW} LEFT JOIN answers a ON a.conversation_id = c.id
            WHERE {HELD} AND p.review_id IN ({STALE}) GROUP BY p.review_id"""
        )
        db.execute("DELETE FROM summaries_stale")
        db.execute("UPDATE summaries_stamp SET stamp = lower(hex(randomblob(8)))")
    return count


_kept: dict[str, tuple[str, Any]] = {}
_making = threading.RLock()


def kept_while_unchanged(name: str, make: Callable[[Database], T]) -> T:
    """What `make` gives (something made from the summaries, the reviews and the councils alone,
    the same for everyone), kept in this process under the summaries' stamp (m014) until a refresh
    draws a new one. The stamp is read before `make` runs, so a change in between is kept under
    the older stamp, which no later request reads. What is kept must name no person; what a
    reader may see of it (councils named only where published) is decided when it is shown."""
    db = get_db()
    refresh_summaries(db)
    stamp = db.execute("SELECT stamp FROM summaries_stamp").fetchone()[0]
    kept = _kept.get(name)
    if kept is None or kept[0] != stamp:
        with _making:  # one thread makes it; the others that asked meanwhile wait and read it
            kept = _kept.get(name)
            if kept is None or kept[0] != stamp:
                kept = (stamp, make(db))
                _kept[name] = kept
    return kept[1]


def regional_where(region: str | None, year: int | None) -> tuple[str, list[Any]]:
    conditions, params = ["1 = 1"], []
    if region:
        conditions.append("co.region = ?")
        params.append(region)
    if year:
        conditions.append("r.year = ?")
        params.append(year)
    return " AND ".join(conditions), params


THEMES_SQL = """SELECT s.theme, co.name AS council, r.year, r.focus, sum(s.people) AS people
    FROM review_theme_counts s JOIN reviews r ON r.id = s.review_id JOIN councils co ON co.id = r.council_id
    WHERE {where} GROUP BY s.theme, co.name, r.year, r.focus
    ORDER BY s.theme, r.year DESC, co.name, r.focus"""


RATINGS_SQL = """SELECT co.name AS council, r.year, r.focus, sum(s.people) AS people,
    round(CAST(sum(s.rating_total) AS REAL) / sum(s.rated), 1) AS average
    FROM review_rating_counts s JOIN reviews r ON r.id = s.review_id JOIN councils co ON co.id = r.council_id
    WHERE {where} GROUP BY co.name, r.year, r.focus ORDER BY r.year DESC, co.name, r.focus"""


def regional_themes(region: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """People whose conversation was coded with each theme, by council, year and focus (from the
    per-review summaries)."""
    return list(get_db().query(*_regional_query(THEMES_SQL, region, year)))


def regional_ratings(region: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """People and their average rating (1 to 5) by council, year and focus."""
    return list(get_db().query(*_regional_query(RATINGS_SQL, region, year)))


def regional_page(table: str, region: str | None, year: int | None, number: int) -> Page:
    """One page of the regional view's table `table` ("themes" or "ratings"): the table's rows for
    the whole country are grouped once for each stamp of the summaries (12,000 summary rows on the
    national data), then narrowed here to the region and year."""
    sql = {"themes": THEMES_SQL, "ratings": RATINGS_SQL}[table]
    rows = kept_while_unchanged(table, lambda db: list(db.query(sql.format(where="1 = 1"))))
    if region or year:
        councils = _councils_in(region) if region else None
        rows = [
            row for row in rows
            if (councils is None or row["council"] in councils) and (not year or row["year"] == year)
        ]  # fmt: skip
    number = max(number, 1)
    if (number - 1) * REGIONAL_PAGE_SIZE >= len(rows):
        number = 1  # a page past the end gives the first, as paging.page_of does
    start = (number - 1) * REGIONAL_PAGE_SIZE
    return Page(rows[start : start + REGIONAL_PAGE_SIZE], number, len(rows), REGIONAL_PAGE_SIZE)


def _councils_in(region: str) -> set[str]:
    """The names of the councils of `region` (a council's region is marked by m014's trigger)."""
    regions = kept_while_unchanged(
        "regions", lambda db: dict(db.execute("SELECT name, region FROM councils").fetchall())
    )
    return {name for name, its_region in regions.items() if its_region == region}


def _regional_query(sql: str, region: str | None, year: int | None) -> tuple[str, list[Any]]:
    """A regional query narrowed by the filters, on summaries brought up to date."""
    refresh_summaries()
    where, params = regional_where(region, year)
    return sql.format(where=where), params


def regional_choices() -> dict[str, list[Any]]:
    """The regions of the councils and the years that have submitted conversations (newest
    first), for the regional view's filters."""
    db = get_db()
    return {
        "regions": [row[0] for row in db.execute("SELECT DISTINCT region FROM councils ORDER BY region")],
        "years": kept_while_unchanged(
            "years",
            lambda db: [
                row[0]
                for row in db.execute(
                    """SELECT DISTINCT r.year FROM review_rating_counts s
                    JOIN reviews r ON r.id = s.review_id ORDER BY r.year DESC"""
                )
            ],
        ),
    }


DOWNLOAD_COLUMNS = ("measure", "theme", "council", "year", "focus", "people", "average_rating")


def download_rows() -> list[tuple[Any, ...]]:
    """Every row of the regional view for its CSV download: themes, then ratings."""
    themes = [
        ("theme", row["theme"], row["council"], row["year"], row["focus"], row["people"], "")
        for row in regional_themes()
    ]
    ratings = [
        ("ratings", "", row["council"], row["year"], row["focus"], row["people"], row["average"] or "")
        for row in regional_ratings()
    ]
    return themes + ratings
