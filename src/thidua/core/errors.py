"""Domain errors. Services raise them with a message for people (Vietnamese by default,
through gettext); views and the API turn them into form errors or HTTP 400/403/404/409,
never into a 500."""

from __future__ import annotations


class DomainError(Exception):
    """Base class. `status` is the HTTP status the API answers with."""

    status = 400

    def __init__(self, message, *, field: str | None = None, errors: dict | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        # {field: [messages]}; a message without a field goes under "non_field_errors".
        self.errors = errors or {field or "non_field_errors": [message]}


class InvalidInput(DomainError):
    status = 400


def raise_errors(errors: dict[str, list]) -> None:
    """Raise InvalidInput with every problem of `errors` ({field: [messages]}), if there is
    any; its message is the first one."""
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)


class Forbidden(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    """The request is valid but the state forbids it (wrong phase, already done, frozen)."""

    status = 409


class RateLimited(DomainError):
    """Too many attempts (e.g. wrong check-in codes): wait before trying again."""

    status = 429
