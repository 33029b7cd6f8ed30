"""GET /api/search: the contract, filters, facets, pagination and bad parameters."""

import datetime

import pytest
from django.utils import timezone

from tests.search_helpers import make_article, make_person

pytestmark = pytest.mark.django_db


def get(client, **params):
    response = client.get("/api/search", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_response_has_the_documented_shape(client, seeds):
    data = get(client, q="思维链")
    assert set(data) == {"query", "notice", "total", "total_is_estimate", "results", "facets", "entities"}
    assert data["total_is_estimate"] is False
    assert data["query"] == "思维链" and data["total"] == len(data["results"]) > 0
    hit = data["results"][0]
    assert set(hit) == {"id", "title", "url", "source_file", "published_at", "snippet", "score", "versions"}
    assert hit["url"].endswith(f"/articles/{hit['id']}/") and "<mark>" in hit["snippet"]
    assert set(data["facets"]) == {"source", "year", "person", "organization"}


def test_pages_split_the_results_without_overlap(client, seeds):
    everything = get(client, q="OpenAI", page_size=100)
    assert everything["total"] >= 3
    pages = [get(client, q="OpenAI", page_size=1, page=n) for n in range(1, everything["total"] + 1)]
    assert [p["results"][0]["id"] for p in pages] == [r["id"] for r in everything["results"]]
    assert all(p["total"] == everything["total"] for p in pages)
    assert get(client, q="OpenAI", page=99)["results"] == []


def make_dated(title, text, site, day):
    when = timezone.make_aware(datetime.datetime.fromisoformat(day))
    return make_article(title, text, site=site, published_at=when)


@pytest.fixture
def sources():
    return [
        make_dated("甲", "大模型漏洞报告", "量子位", "2023-05-01T10:00"),
        make_dated("乙", "大模型漏洞分析", "量子位", "2024-02-01T10:00"),
        make_dated("丙", "大模型漏洞复现", "36氪", "2024-08-01T10:00"),
    ]


def test_facets_count_the_matching_stories_by_source_and_year(client, sources):
    facets = get(client, q="大模型漏洞")["facets"]
    assert facets["source"] == [
        {"value": "量子位", "label": "量子位", "count": 2},
        {"value": "36氪", "label": "36氪", "count": 1},
    ]
    assert [(f["value"], f["count"]) for f in facets["year"]] == [("2024", 2), ("2023", 1)]


def test_filters_narrow_the_results(client, sources):
    first, second, third = sources
    assert {r["id"] for r in get(client, q="漏洞", source="量子位")["results"]} == {first.pk, second.pk}
    assert {r["id"] for r in get(client, q="漏洞", **{"from": "2024-01-01"})["results"]} == {second.pk, third.pk}
    assert {r["id"] for r in get(client, q="漏洞", to="2024-02-01")["results"]} == {first.pk, second.pk}


def test_person_facet_and_filter(client, sources):
    first, second, _ = sources
    person = make_person("山姆·奥特曼", "奥特曼", "Sam Altman", articles=[first, second])
    facets = get(client, q="漏洞")["facets"]
    assert facets["person"] == [{"value": str(person.pk), "label": "山姆·奥特曼", "count": 2}]
    assert {r["id"] for r in get(client, q="漏洞", person=person.pk)["results"]} == {first.pk, second.pk}
    assert get(client, q="漏洞", organization=person.pk)["total"] == 0


def test_matching_person_is_named_with_a_link(client, sources):
    person = make_person("山姆·奥特曼", "奥特曼", "Sam Altman", articles=sources[:1])
    [entity] = get(client, q="奧特曼")["entities"]
    assert entity["id"] == person.pk and entity["url"].endswith(f"/people/{person.pk}/")
    assert get(client, q="sam altman")["entities"][0]["id"] == person.pk


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "x"},
        {"page": "99999999999999999999"},
        {"page_size": "101"},
        {"page_size": "-1"},
        {"from": "yesterday"},
        {"to": "2024-13-01"},
        {"person": "abc"},
        {"organization": "1 OR 1=1"},
    ],
)
def test_bad_parameters_are_a_400_with_a_message(client, params):
    response = client.get("/api/search", {"q": "漏洞", **params})
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.parametrize("params", [{"from": "0001-01-01"}, {"to": "9999-12-31"}, {"from": "2024-02-30"}])
def test_dates_at_the_edge_of_the_calendar_are_a_400_or_an_answer(client, params):
    response = client.get("/api/search", {"q": "漏洞", **params})
    assert response.status_code in (200, 400)


def test_an_empty_archive_answers_with_nothing(client):
    data = get(client, q="漏洞")
    assert data["total"] == 0 and data["results"] == []
