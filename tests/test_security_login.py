"""Guessing passwords: after a handful of failures for one user from one address, the
login (the admin's included) is refused for a while, with a page that says why; the
first admin account is never made with a password the validators refuse."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-editor-passphrase"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "", PASSWORD)


def _login(client, password, username="editor", address="192.0.2.1"):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_login_with_a_clear_message(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wrong-guess").status_code == 200  # the form again, with its error
    locked = _login(client, "wrong-guess")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "登录已暂停" in page and "5 failed logins in a row" in page and "15 minutes" in page
    # Even the right password is refused now: guessing cannot go on.
    assert _login(client, PASSWORD).status_code == 429


def test_the_lock_is_per_user_and_address(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong-guess")
    assert _login(client, PASSWORD, address="198.51.100.7").status_code == 302
    get_user_model().objects.create_superuser("other", "", PASSWORD)
    assert _login(client, PASSWORD, username="other").status_code == 302


def test_a_successful_login_forgets_earlier_failures(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "wrong-guess")
    assert _login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "wrong-guess")
    assert _login(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("weak", ["admin", "password", "12345678901", "short"])
def test_ensure_admin_refuses_a_password_the_validators_refuse(weak, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", weak)
    with pytest.raises(CommandError, match="ADMIN_PASSWORD is refused"):
        call_command("ensure_admin")
    assert not get_user_model().objects.exists()


def test_ensure_admin_refuses_a_password_like_the_user_name(monkeypatch):
    monkeypatch.setenv("ADMIN_USERNAME", "newsdesk-editor")
    monkeypatch.setenv("ADMIN_PASSWORD", "newsdesk-editor1")
    with pytest.raises(CommandError, match="ADMIN_PASSWORD is refused: 密码跟 用户名 太相似了"):
        call_command("ensure_admin")
    assert not get_user_model().objects.exists()
