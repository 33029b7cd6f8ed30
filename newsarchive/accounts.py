"""The first admin account, made without any default password."""

import os
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


class WeakPassword(ValueError):
    """ADMIN_PASSWORD fails the password validators (the message lists why)."""


def ensure_admin(username: str, password: str | None, password_file: Path) -> str:
    """Make sure a superuser exists; return a sentence saying what was done.

    The password comes from the caller (the environment) or is generated, written to
    `password_file` readable by its owner only, and shown in the returned sentence once.
    """
    User = get_user_model()
    existing = User.objects.filter(is_superuser=True).order_by("pk").first()
    if existing:
        where = f" (password in {password_file})" if password_file.exists() else ""
        return f"Admin account: {existing.get_username()}{where}"
    generated = not password
    password = password or secrets.token_urlsafe(18)
    try:
        validate_password(password, User(username=username))
    except ValidationError as error:
        raise WeakPassword("ADMIN_PASSWORD is refused: " + " ".join(error.messages)) from None
    User.objects.create_superuser(username=username, email="", password=password)
    if not generated:
        return f"Admin account {username} created with the password from ADMIN_PASSWORD"
    password_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(password + "\n")
    return (
        f"Admin account {username} created with password {password}\n"
        f"(shown once; kept in {password_file}, readable by you only)"
    )
