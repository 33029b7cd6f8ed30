"""GET /api/articles and /api/articles/<id>: the shape other tools build on."""

import pytest

pytestmark = pytest.mark.django_db

ARTICLE_KEYS = {
    "id", "title", "published_at", "source", "source_file", "url", "text", "versions", "people", "organizations",
}  # fmt: skip
VERSION_KEYS = {"id", "title", "source", "script", "script_label", "source_file"}


def test_the_list_returns_every_story_once_with_a_total(client, seeds):
    data = client.get("/api/articles").json()
    assert data["total"] == 4  # five files: 000 and 001 are one story, listed once as on the browse page
    assert len(data["results"]) == 4
    assert set(data["results"][0]) >= ARTICLE_KEYS
    assert {a["source_file"][:3] for a in data["results"]} == {"000", "002", "003", "004"}


def test_the_list_is_newest_first(client, seeds):
    dates = [a["published_at"] for a in client.get("/api/articles").json()["results"] if a["published_at"]]
    assert dates == sorted(dates, reverse=True)


def test_page_size_pages_through_the_archive(client, seeds):
    first = client.get("/api/articles?page_size=2").json()
    second = client.get("/api/articles?page_size=2&page=2").json()
    assert first["total"] == second["total"] == 4
    assert len(first["results"]) == len(second["results"]) == 2
    assert not {a["id"] for a in first["results"]} & {a["id"] for a in second["results"]}
    assert client.get("/api/articles?page_size=2&page=9").json()["results"] == []


@pytest.mark.parametrize("query", ["page_size=101", "page_size=0", "page=-1", "page=abc", "page_size=1e3"])
def test_bad_paging_parameters_are_a_clear_400(client, seeds, query):
    response = client.get(f"/api/articles?{query}")
    assert response.status_code == 400
    assert "page" in response.json()["error"]


def test_one_article_has_its_file_text_page_and_entities(client, seeds):
    article = seeds["000"]
    data = client.get(f"/api/articles/{article.pk}").json()
    assert set(data) >= ARTICLE_KEYS
    assert data["id"] == article.pk
    assert data["source_file"] == "000_9beeb652d9d13dcb.txt"
    assert data["url"] == f"http://testserver/articles/{article.pk}/"
    assert data["published_at"].startswith("2024-02-21")
    assert "Jason Wei" in data["text"]
    assert all({"id", "name", "aliases"} <= set(p) for p in data["people"] + data["organizations"])
    assert all(set(v) == VERSION_KEYS for v in data["versions"])


def test_a_missing_article_is_a_404(client, db):
    assert client.get("/api/articles/999999").status_code == 404


def test_chinese_is_sent_as_utf8_not_escaped(client, seeds):
    response = client.get(f"/api/articles/{seeds['000'].pk}")
    assert response["Content-Type"].startswith("application/json")
    assert "一线员工".encode() in response.content
    assert b"\\u" not in response.content


def test_each_version_of_a_story_lists_the_other_by_title_source_and_script(client, seeds):
    listed = {a["source_file"][:3]: a for a in client.get("/api/articles").json()["results"]}
    [other] = listed["000"]["versions"]
    assert other["id"] == seeds["001"].pk and other["title"] == seeds["001"].title
    assert (other["source"], other["script"]) == (seeds["001"].site, seeds["001"].script)
    [back] = client.get(f"/api/articles/{seeds['001'].pk}").json()["versions"]
    assert back["id"] == seeds["000"].pk and back["title"] == seeds["000"].title
    assert listed["002"]["versions"] == []


def test_a_page_of_articles_needs_no_query_per_article(client, seeds, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/articles?page_size=100").json()["results"]) == 4
