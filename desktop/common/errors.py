"""Domain exceptions; the UI and the CLI turn them into Chinese messages in one place."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.common.sentences import sentence
from forms.validators import FieldError


class CasedeskError(Exception):
    """Base of every error a clerk should see as a message (not a traceback)."""


class NotFoundError(CasedeskError):
    """A record that does not exist."""


class ValidationError(CasedeskError):
    """One or more fields are invalid; `errors` names each field."""

    def __init__(self, errors: Sequence[FieldError], subject: str = "") -> None:
        self.errors = list(errors)
        self.subject = subject
        prefix = f"{subject}：" if subject else ""
        super().__init__(prefix + sentence(*(str(e) for e in self.errors)))


class ConflictError(CasedeskError):
    """The change contradicts stored data (duplicate key, locked record …)."""
