"""URL converters: a row id is a whole number the database's id column can hold.

An id beyond the column's range (2^31 − 1 on PostgreSQL's INTEGER; SQLite takes up to 2^63 − 1)
would reach the database and fail there with a 500; it names no row, so it is a 404.
"""

from __future__ import annotations

from werkzeug.routing import IntegerConverter, Map

ID_MAX = 2**31 - 1  # PostgreSQL INTEGER, the narrower of the two engines


class IdConverter(IntegerConverter):
    """`<id:name>`: 1 … 2^31 − 1 in ASCII digits (at most 10 of them), else no route (404)."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map: Map) -> None:
        super().__init__(map, min=1, max=ID_MAX)
