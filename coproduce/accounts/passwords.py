"""The rules every new password must meet, wherever a password is set.

A new password must be at least 12 characters long, not counting spaces at either end (twelve
spaces are not a password); not one of the common passwords in `common-passwords.txt` (compared
without regard to case or spaces at either end); and must not hold the person's own email address
or its name part, the first thing someone who knows them would try. Length is the rule that matters
most (NCSC guidance); the list stops the passwords attackers try first.
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


# A name part shorter than this (jo@, psw@) is too common a string to refuse inside a password.
MIN_NAME_PART = 4


def _holds_email(password: str, email: str) -> bool:
    folded, address = password.casefold(), email.strip().casefold()
    name_part = address.split("@", 1)[0]
    return address in folded or (len(name_part) >= MIN_NAME_PART and name_part in folded)


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why this password may not be used by the person with this email, in plain words, or None
    when it is fine."""
    if len(password.strip()) < MIN_LENGTH:
        return str(_l("Your password must be at least 12 characters long"))
    if len(password) > MAX_LENGTH:
        return str(_l("Your password must be 256 characters or fewer"))
    if password.strip().lower() in common_passwords():
        return str(_l("This password is too easy to guess. Choose a password that is not commonly used"))
    if email and _holds_email(password, email):
        return str(_l("Your password must not contain your email address"))
    return None


class NewPassword:
    """A WTForms validator that applies the new-password rules; the view sets the form's
    `account_email` to the email of the person whose password it is."""

    def __call__(self, form: BaseForm, field: Field) -> None:
        problem = password_problem(field.data or "", getattr(form, "account_email", None))
        if problem:
            raise ValidationError(problem)
