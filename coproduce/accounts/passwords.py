"""The rules every new password must meet, wherever a password is set.

A new password must be at least 12 characters long and not one of the common passwords in
`common-passwords.txt` (compared without regard to case or spaces at either end). Length is
the rule that matters most (NCSC guidance); the list stops the passwords attackers try first.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.form import BaseForm
from wtforms.validators import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 256
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    """The list of refused passwords, lower-cased (lines starting with # are comments)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str) -> str | None:
    """Why this password may not be used, in plain words, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return str(_l("Your password must be at least 12 characters long"))
    if len(password) > MAX_LENGTH:
        return str(_l("Your password must be 256 characters or fewer"))
    if password.strip().lower() in common_passwords():
        return str(_l("This password is too easy to guess. Choose a password that is not commonly used"))
    return None


class NewPassword:
    """A WTForms validator that applies the new-password rules."""

    def __call__(self, form: BaseForm, field: Field) -> None:
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
