"""One count: for the same query and filters, the search total, the timeline total, the
export's rows, the directory's count and /api/articles' stories are the same number."""

import json

import pytest

from tests.analysis_data import archive  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _export_rows(client, params: str) -> int:
    response = client.get(f"/search/export?format=jsonl&{params}")
    assert response.status_code == 200
    return len([json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()])


def _timeline_total(client, params: str) -> int:
    data = client.get(f"/api/timeline?{params}").json()
    assert sum(b["count"] for b in data["buckets"]) + data["undated"] == data["total"]
    return data["total"]


@pytest.mark.parametrize(
    ("params", "stories"),
    [
        ("q=OpenAI", 3),
        ("q=OpenAI&source=量子位", 2),
        ("q=OpenAI&from=2024-02-01", 1),
        ("q=发布", 2),
    ],
)
def test_a_query_counts_the_same_stories_everywhere(client, archive, params, stories):  # noqa: F811
    assert client.get(f"/api/search?{params}").json()["total"] == stories
    assert _timeline_total(client, params) == stories
    assert _export_rows(client, params) == stories


def test_a_person_counts_the_same_in_the_directory_timeline_export_and_list(client, archive):  # noqa: F811
    brockman = archive["brockman"]
    # Brockman is named in the version of one story and in another story: two stories.
    listed = {p["id"]: p for p in client.get("/api/people?q=Brockman").json()["results"]}
    assert listed[brockman.pk]["stories"] == 2
    params = f"person={brockman.pk}"
    assert _timeline_total(client, params) == 2
    assert _export_rows(client, params) == 2
    assert client.get(f"/api/articles?{params}").json()["stories"] == 2
    assert client.get(f"/api/search?q=OpenAI&{params}").json()["total"] == 2
    assert client.get(f"/api/people/{brockman.pk}").json()["article_count"] == 2


def test_a_source_counts_the_same_in_the_directory_timeline_and_export(client, archive):  # noqa: F811
    sources = {s["name"]: s["stories"] for s in client.get("/api/sources").json()["results"]}
    assert sources == {"量子位": 3, "机器之心": 1, "36氪": 1}
    assert _timeline_total(client, "source=量子位") == 3
    assert _export_rows(client, "source=量子位") == 3
    assert client.get("/api/sources/量子位").json()["stories"] == 3


def test_the_whole_archive_counts_each_story_once(client, archive):  # noqa: F811
    assert _timeline_total(client, "") == 4
    assert _export_rows(client, "") == 4
    assert client.get("/api/articles").json()["stories"] == 4
    assert client.get("/api/articles").json()["total"] == 4  # one entry per story, as browse lists them


def test_repeated_people_and_organizations_must_all_be_mentioned(client, archive):  # noqa: F811
    altman, brockman, openai = archive["altman"], archive["brockman"], archive["openai"]
    both = f"person={altman.pk}&person={brockman.pk}"
    assert client.get(f"/api/search?q=OpenAI&{both}").json()["total"] == 2
    # Brockman and OpenAI are named together in the funding story only (the version names no OpenAI).
    with_org = f"person={brockman.pk}&organization={openai.pk}"
    assert client.get(f"/api/search?q=OpenAI&{with_org}").json()["total"] == 1
    assert _timeline_total(client, with_org) == 1
    assert [r["title"] for r in client.get(f"/api/articles?{with_org}").json()["results"]] == ["OpenAI 完成融资"]
    assert _export_rows(client, with_org) == 1
