"""The database unreachable: every page answers 503 with Retry-After and a plain page
(JSON under /api/), never a 500, and the site answers again as soon as it is back."""

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)

URLS = ["/", "/search/?q=OpenAI", "/about/", "/articles/1/", "/people/1/", "/search/feed/?q=OpenAI"]


@pytest.fixture
def client():
    """A visitor's browser: it gets the error page, not the exception behind it."""
    return Client(raise_request_exception=False)


@pytest.fixture
def database_gone():
    """The connection pointed at a server that is not there (a socket folder with none)."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="/nonexistent-socket-folder", PORT="1")
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.mark.parametrize("url", URLS)
def test_a_page_answers_503_with_retry_after_and_a_plain_page(database_gone, client, url):
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "暂时无法访问" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_the_api_answers_503_in_json(database_gone, client):
    response = client.get("/api/search", {"q": "OpenAI"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "database is unavailable" in response.json()["error"]


def test_the_admin_login_answers_503_too(database_gone, client):
    response = client.post("/admin/login/", {"username": "admin", "password": "whatever-it-is"})
    assert response.status_code == 503


def test_pages_answer_again_when_the_database_is_back(client):
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="/nonexistent-socket-folder", PORT="1")
    try:
        assert client.get("/").status_code == 503
    finally:
        connection.close()
        connection.settings_dict.update(saved)
    assert client.get("/").status_code == 200
