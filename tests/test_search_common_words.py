"""A word in most articles: counts are estimated from a sample, the newest matches are
ranked, and every result still holds the query (here the limits are lowered so that a
few articles count as "most")."""

import datetime

import pytest
from django.utils import timezone

from articles import search
from articles.search import engine
from tests.search_helpers import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def common_word(monkeypatch):
    monkeypatch.setattr(engine, "EXACT_LIMIT", 5)
    monkeypatch.setattr(engine, "CHECKED_EXACT_LIMIT", 5)
    start = timezone.make_aware(datetime.datetime(2024, 1, 1))
    articles = []
    for n in range(60):
        text = "这里有漏洞利用的细节" if n % 5 else "这里没有那个词"
        articles.append(make_article(f"第{n}篇", text, published_at=start + datetime.timedelta(days=n), site="量子位"))
    return articles


def test_counts_are_estimated_and_said_to_be(client, common_word):
    result = search.search("漏洞")
    assert result.estimated
    assert 30 <= result.total <= 60  # 48 match; a sample of ids says about as much
    assert result.facets["source"][0]["label"] == "量子位"
    assert "约" in client.get("/search/", {"q": "漏洞"}).content.decode()
    assert client.get("/api/search", {"q": "漏洞"}).json()["total_is_estimate"] is True


def test_newest_matches_come_first_and_all_hold_the_query(common_word):
    result = search.search("漏洞利用", page_size=10)
    assert result.estimated
    dates = [hit.published_at for hit in result.results]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == max(a.published_at for a in common_word if "漏洞" in a.text)
    assert all("<mark>漏洞利用</mark>" in hit.snippet for hit in result.results)


def test_filters_still_apply(common_word):
    first_week = search.Filters(date_to=datetime.date(2024, 1, 7))
    result = search.search("漏洞", first_week)
    assert {hit.published_at.date() for hit in result.results} <= {datetime.date(2024, 1, d) for d in range(1, 8)}
    assert result.results
