"""Errors carrying a French message meant for the user (never a traceback)."""

from __future__ import annotations


class UserFacingError(Exception):
    """An error whose message is French, complete and safe to show to a user."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


class ConfigurationError(UserFacingError):
    """The store cannot be reached or configured."""


class PermissionDenied(UserFacingError):
    """The acting user's role does not allow this operation."""


class ValidationError(UserFacingError):
    """Input refused; the store is unchanged."""


class ConflictError(UserFacingError):
    """An optimistic-concurrency check failed: someone saved first."""
