"""No input reaches the database as syntax, and none gives a 500: page, API and feed."""

import pytest

from articles import search

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"',
    '"""',
    '"unclosed phrase',
    "&|!()<->:*",
    "a & b | !c",
    "'; DROP TABLE articles_article; --",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\\",
    "-",
    "--",
    "OR",
    "OR OR",
    "-OpenAI",
    "。，、！",
    "😀🎉",
    "漏洞\x00",
    "\x00",
    "%s %(x)s {}",
    "x" * 2000,
    "漏洞 " * 700,
    "奥特曼:* & 'x'",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_on_the_page_is_answered(client, seeds, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_on_the_api_is_answered(client, seeds, query):
    response = client.get("/api/search", {"q": query})
    assert response.status_code == 200
    assert set(response.json()) == {"query", "notice", "total", "total_is_estimate", "results", "facets", "entities"}


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_on_the_feed_is_answered(client, seeds, query):
    assert client.get("/search/feed/", {"q": query}).status_code == 200


def test_absurd_page_numbers_on_the_page_show_the_first(client, seeds):
    for page in ["99999999999999999999", "-1", "1e9", "١"]:
        response = client.get("/search/", {"q": "OpenAI", "page": page})
        assert response.status_code == 200


def test_query_without_anything_to_search_finds_nothing(seeds):
    for query in ["", "   ", "。，", "😀", "-OpenAI", "OR"]:
        assert search.search(query).total == 0


def test_long_query_is_cut_not_refused(seeds):
    result = search.search("OpenAI " + "x" * 3000)
    assert result.total == 0
    assert search.search("OpenAI " * 400).total > 0
