"""Long tables shown a page at a time: one page of a query's rows, and where it sits among them.
Templates show them with the `page_caption` and `page_links` macros of `_macros.html`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import request

from coproduce.db import get_db


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    number: int  # from 1
    total: int  # rows on all the pages together
    size: int

    @property
    def count(self) -> int:
        """How many pages there are (one, even with no rows)."""
        return max((self.total + self.size - 1) // self.size, 1)

    @property
    def first_row(self) -> int:
        return (self.number - 1) * self.size + 1

    @property
    def last_row(self) -> int:
        return min(self.number * self.size, self.total)


def page_of(sql: str, params: Sequence[Any], number: int, size: int) -> Page:
    """Page `number` of the rows of `sql`. A page past the end (the data changed since the link was
    made, or the address was typed) gives the first page rather than an empty table."""

    def rows_of(number: int) -> list[dict[str, Any]]:
        paged = f"SELECT *, count(*) OVER () AS total_rows FROM ({sql}) LIMIT ? OFFSET ?"
        return list(get_db().query(paged, [*params, size, (number - 1) * size]))

    number = max(number, 1)
    rows = rows_of(number)
    if not rows and number > 1:
        number, rows = 1, rows_of(1)
    return Page(rows, number, rows[0]["total_rows"] if rows else 0, size)


def requested(name: str) -> int:
    """The page number the address asks for in argument `name` (1 when it asks for none)."""
    return max(request.args.get(name, 1, type=int), 1)
