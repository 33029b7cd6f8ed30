"""GET /api/articles and /api/articles/<id>: the shape other tools build on."""

import pytest

pytestmark = pytest.mark.django_db

ARTICLE_KEYS = {
    "id", "title", "published_at", "source", "source_file", "url", "text", "versions", "people", "organizations",
}  # fmt: skip


def test_the_list_returns_every_article_with_a_total(client, seeds):
    data = client.get("/api/articles").json()
    assert data["total"] == 5
    assert len(data["results"]) == 5
    assert set(data["results"][0]) >= ARTICLE_KEYS


def test_the_list_is_newest_first(client, seeds):
    dates = [a["published_at"] for a in client.get("/api/articles").json()["results"] if a["published_at"]]
    assert dates == sorted(dates, reverse=True)


def test_page_size_pages_through_the_archive(client, seeds):
    first = client.get("/api/articles?page_size=2").json()
    third = client.get("/api/articles?page_size=2&page=3").json()
    assert first["total"] == third["total"] == 5
    assert len(first["results"]) == 2
    assert len(third["results"]) == 1
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
    assert all({"id", "source_file"} == set(v) for v in data["versions"])


def test_a_missing_article_is_a_404(client, db):
    assert client.get("/api/articles/999999").status_code == 404


def test_chinese_is_sent_as_utf8_not_escaped(client, seeds):
    response = client.get(f"/api/articles/{seeds['000'].pk}")
    assert response["Content-Type"].startswith("application/json")
    assert "一线员工".encode() in response.content
    assert b"\\u" not in response.content


def test_each_version_of_a_story_lists_the_other(client, seeds):
    by_file = {a["source_file"][:3]: a for a in client.get("/api/articles").json()["results"]}
    assert by_file["000"]["versions"] == [{"id": seeds["001"].pk, "source_file": "001_29d8b1582fbb2dff.txt"}]
    assert by_file["001"]["versions"] == [{"id": seeds["000"].pk, "source_file": "000_9beeb652d9d13dcb.txt"}]
    assert by_file["002"]["versions"] == []


def test_a_page_of_articles_needs_no_query_per_article(client, seeds, django_assert_max_num_queries):
    # A fixed number per page (one of them counts the stories), none per article.
    with django_assert_max_num_queries(9):
        assert len(client.get("/api/articles?page_size=100").json()["results"]) == 5
