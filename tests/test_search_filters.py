"""One filter concept for browse, search and the API: the same parameters mean the same
thing everywhere, and a value that makes no sense is said, never a 500."""

import datetime

import pytest
from django.utils import timezone

from articles import search
from tests.search_helpers import make_article, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_articles():
    day = timezone.make_aware(datetime.datetime(2024, 3, 10, 12))
    early = make_article("三月的漏洞", "漏洞的细节", published_at=day, site="量子位")
    late = make_article("五月的漏洞", "漏洞的后续", published_at=day.replace(month=5), site="機器之心")
    return early, late


def test_browse_search_and_api_keep_the_same_articles_for_the_same_filters(client, two_articles):
    early, late = two_articles
    params = {"from": "2024-03-01", "to": "2024-03-31", "source": "量子位"}
    browse = client.get("/", params).content.decode()
    assert "三月的漏洞" in browse and "五月的漏洞" not in browse
    assert [r["id"] for r in client.get("/api/search", {"q": "漏洞", **params}).json()["results"]] == [early.pk]
    page = client.get("/search/", {"q": "漏洞", **params}).content.decode()
    assert "三月的漏洞" in page and "五月的漏洞" not in page


def test_a_source_matches_its_name_in_either_script_in_search_too(client, two_articles):
    early, late = two_articles
    assert [r["id"] for r in client.get("/api/search", {"q": "漏洞", "source": "机器之心"}).json()["results"]] == [
        late.pk
    ]


def test_from_after_to_is_said_on_the_page_and_refused_by_the_api(client, two_articles):
    params = {"from": "2024-05-01", "to": "2024-03-01"}
    browse = client.get("/", params).content.decode()
    assert "止日期早于起日期，已忽略。" in browse
    assert 'aria-describedby="f-to-error"' in browse
    assert "五月的漏洞" in browse  # `to` is left out, `from` still applies
    api = client.get("/api/search", {"q": "漏洞", **params})
    assert api.status_code == 400
    assert api.json()["error"].startswith("to: ")


def test_an_entity_that_does_not_exist_matches_nothing_and_the_page_says_so(client, two_articles):
    page = client.get("/", {"person": "987654"}).content.decode()
    assert "没有找到这一项。" in page
    assert "三月的漏洞" not in page
    assert client.get("/api/search", {"q": "漏洞", "person": "987654"}).json()["total"] == 0


def test_a_person_filter_keeps_the_articles_that_mention_them_everywhere(client, two_articles):
    early, _ = two_articles
    person = make_person("山姆·奥特曼", "Sam Altman", articles=[early])
    assert search.parse_filters({"person": str(person.pk)}).person == person
    browse = client.get("/", {"person": person.pk}).content.decode()
    assert "三月的漏洞" in browse and "五月的漏洞" not in browse
    assert client.get("/api/search", {"q": "漏洞", "person": person.pk}).json()["total"] == 1


def test_parsing_never_raises_and_names_each_bad_parameter():
    filters = search.parse_filters({"from": "yesterday", "to": "9999-12-31", "person": "1 OR 1=1", "source": "\x00"})
    assert set(filters.errors) == {"from", "to", "person"}
    assert not filters.active
    assert filters.error_message().count(": ") == 3


def test_the_search_feed_follows_the_filters_of_its_page(client, two_articles):
    page = client.get("/search/", {"q": "漏洞", "source": "量子位"}).content.decode()
    assert 'href="/search/feed/?q=%E6%BC%8F%E6%B4%9E&amp;source=%E9%87%8F%E5%AD%90%E4%BD%8D"' in page
    feed = client.get("/search/feed/", {"q": "漏洞", "source": "量子位"}).content.decode()
    assert "三月的漏洞" in feed and "五月的漏洞" not in feed
