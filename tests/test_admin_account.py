"""The first admin account never has a default password."""

import stat

import pytest
from django.contrib.auth import get_user_model

from newsarchive.accounts import ensure_admin

pytestmark = pytest.mark.django_db


def test_a_generated_password_is_shown_once_and_kept_private(tmp_path):
    secret = tmp_path / "admin-password"
    message = ensure_admin("admin", None, secret)
    password = secret.read_text().strip()
    assert password in message
    assert len(password) >= 20
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert get_user_model().objects.get(username="admin").check_password(password)


def test_the_password_can_come_from_the_environment(tmp_path):
    message = ensure_admin("editor", "a-long-passphrase-from-env", tmp_path / "admin-password")
    assert "a-long-passphrase-from-env" not in message
    assert not (tmp_path / "admin-password").exists()
    assert get_user_model().objects.get(username="editor").check_password("a-long-passphrase-from-env")


def test_an_existing_admin_is_left_alone(tmp_path):
    ensure_admin("admin", "first-password-123", tmp_path / "pw")
    message = ensure_admin("admin", None, tmp_path / "pw")
    assert "admin" in message
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
    assert get_user_model().objects.get(username="admin").check_password("first-password-123")
