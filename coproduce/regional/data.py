"""Learning across councils and years, from per-review summaries kept up to date by triggers."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from coproduce.analysis.data import CODED_ANSWER
from coproduce.capture.held import FROM_REVIEW, HELD, joined
from coproduce.db import get_db, write_transaction
from coproduce.paging import Page, page_of

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
    return count


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
    """One page of the regional view's table `table` ("themes" or "ratings")."""
    sql = {"themes": THEMES_SQL, "ratings": RATINGS_SQL}[table]
    return page_of(*_regional_query(sql, region, year), number, REGIONAL_PAGE_SIZE)


def _regional_query(sql: str, region: str | None, year: int | None) -> tuple[str, list[Any]]:
    """A regional query narrowed by the filters, on summaries brought up to date."""
    refresh_summaries()
    where, params = regional_where(region, year)
    return sql.format(where=where), params


def regional_choices() -> dict[str, list[Any]]:
    """The regions of the councils and the years that have submitted conversations (newest
    first), for the regional view's filters."""
    refresh_summaries()
    db = get_db()
    return {
        "regions": [row[0] for row in db.execute("SELECT DISTINCT region FROM councils ORDER BY region")],
        "years": [
            row[0]
            for row in db.execute(
                """SELECT DISTINCT r.year FROM review_rating_counts s JOIN reviews r ON r.id = s.review_id
                ORDER BY r.year DESC"""
            )
        ],
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
