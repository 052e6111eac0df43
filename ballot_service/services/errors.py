"""Errors the services raise: a translated message for the user; nothing was changed."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the service refused; `str(error)` is the user-facing, translated message."""

    status = 400

    def __init__(self, message: object, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class NotFound(ServiceError):
    status = 404


class Forbidden(ServiceError):
    """The user's role may not do this."""

    status = 403


class Conflict(ServiceError):
    """The state does not allow this now (wrong poll state, a card already used, ...)."""

    status = 409


class RateLimited(ServiceError):
    status = 429


class RowErrors(ServiceError):
    """An import with bad rows: each error names its line; nothing was imported."""

    def __init__(self, message: object, rows: list[tuple[int, str]]) -> None:
        super().__init__(message)
        self.rows = rows
