"""Hostile or odd requests to the workbench: a clear answer, never a 500."""

import pytest

from tests.analysis_data import archive  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/timeline?q=%00%01OpenAI&interval=month",
    "/api/timeline?q=" + "OpenAI " * 300,
    "/api/timeline?person=99999999999999999999999",
    "/api/timeline?source=%00",
    "/search/export?format=jsonl&q=%22%27%3B--",
    "/search/values/person/?name=%00&q=OpenAI",
    "/search/values/source/?page=-1",
    "/people/?q=%00&page=abc&sort=%00",
    "/api/people?q=%25_%5C",
    "/sources/%00/",
    "/api/sources/..%2F..",
    "/timeline/?q=%00&q=&interval=%00",
    "/search/?q=OpenAI&sort=%27",
    "/?person=1&person=x&sort=%00",
]


@pytest.mark.parametrize("path", PATHS)
def test_odd_requests_get_an_answer_not_a_server_error(client, archive, path):  # noqa: F811
    response = client.get(path)
    assert response.status_code in (200, 400, 404), (path, response.status_code)
    if response.streaming:
        b"".join(response.streaming_content)


def test_an_unknown_person_matches_nothing_rather_than_everything(client, archive):  # noqa: F811
    assert client.get("/api/timeline?person=987654").json()["total"] == 0
