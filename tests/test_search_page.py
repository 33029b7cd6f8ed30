"""The /search/ page and its Atom feed, as a reader sees them."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from articles.models import Alias, Mention, Person
from tests.search_helpers import make_article, make_person

ATOM = "{http://www.w3.org/2005/Atom}"

pytestmark = pytest.mark.django_db


def test_page_lists_results_with_marked_snippets_and_the_syntax(client, seeds):
    response = client.get("/search/", {"q": "思维链"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<mark>思维链</mark>" in body or "<mark>思維鏈</mark>" in body
    assert 'id="search-syntax"' in body and "OR" in body
    assert 'href="/search/feed/?q=' in body


def test_empty_page_shows_only_the_box(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_matching_person_is_shown_above_the_results(client, seeds):
    person = make_person("陈信翰", "陳信翰", "Mark Chen")
    body = client.get("/search/", {"q": "陳信翰"}).content.decode()
    assert f'href="/people/{person.pk}/"' in body
    assert body.index(f"/people/{person.pk}/") < body.index('class="search-results"')


def test_no_results_says_so_and_suggests_a_close_name(client, seeds):
    make_person("陈信翰", "Mark Chen")
    body = client.get("/search/", {"q": "陈信瀚"}).content.decode()
    assert "没有找到" in body
    assert "?q=%E9%99%88%E4%BF%A1%E7%BF%B0" in body  # 陈信翰


def test_facet_links_filter_and_keep_the_query(client):
    make_article("甲篇报告", "漏洞报告", site="量子位")
    make_article("乙篇分析", "漏洞分析", site="36氪")
    body = client.get("/search/", {"q": "漏洞"}).content.decode()
    assert "?q=%E6%BC%8F%E6%B4%9E&amp;source=%E9%87%8F%E5%AD%90%E4%BD%8D" in body
    filtered = client.get("/search/", {"q": "漏洞", "source": "量子位"}).content.decode()
    assert "甲篇报告" in filtered and "乙篇分析" not in filtered


def test_pagination_links_keep_the_query_and_filters(client):
    for n in range(25):
        make_article(f"标题{n}", "同一个词:漏洞", site="量子位")
    body = client.get("/search/", {"q": "漏洞", "source": "量子位"}).content.decode()
    assert 'rel="next" href="?q=%E6%BC%8F%E6%B4%9E&amp;source=%E9%87%8F%E5%AD%90%E4%BD%8D&amp;page=2"' in body
    second = client.get("/search/", {"q": "漏洞", "source": "量子位", "page": "2"}).content.decode()
    assert second.count("<article>") == 5


def test_bad_filter_is_explained_not_a_500(client, seeds):
    response = client.get("/search/", {"q": "漏洞", "from": "not-a-date"})
    assert response.status_code == 400
    assert "from" in response.content.decode()


def test_feed_lists_the_matching_articles_newest_first(client, seeds):
    response = client.get("/search/feed/", {"q": "OpenAI"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") >= 3
    assert "&lt;mark&gt;OpenAI&lt;/mark&gt;" in body or "&lt;mark&gt;" in body


def test_a_query_of_only_exclusions_says_why_nothing_is_shown(client, seeds):
    body = client.get("/search/", {"q": "-OpenAI"}).content.decode()
    assert "只有排除词" in body
    assert "?q=AI%20-OpenAI" in body  # an example that does find something
    assert "只有排除词" not in client.get("/search/", {"q": "饕餮"}).content.decode()
    data = client.get("/api/search", {"q": "-OpenAI -Sora"}).json()
    assert data["total"] == 0 and "only excludes" in data["notice"]
    assert client.get("/api/search", {"q": "OpenAI -Sora"}).json()["notice"] == ""


def test_other_versions_of_a_result_are_named_by_title_source_and_script(client, seeds):
    body = client.get("/search/", {"q": "一线员工"}).content.decode()
    version = body[body.index('class="versions"') :]
    version = version[: version.index("</div>")]
    other = seeds["001"] if seeds["000"].canonical_id is None else seeds["000"]
    assert other.title in version and other.site in version and other.get_script_display() in version
    assert other.source_file not in version


def _feed(client, **params):
    response = client.get("/search/feed/", params)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_the_feed_s_self_link_keeps_the_query(client, seeds):
    feed = _feed(client, q="Jason Wei")
    [self_link] = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link.get("href") == "http://testserver/search/feed/?q=Jason+Wei"
    filtered = _feed(client, q="OpenAI", source="36氪", **{"from": "2024-01-01"})
    [self_link] = [link for link in filtered.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link.get("href") == "http://testserver/search/feed/?q=OpenAI&source=36%E6%B0%AA&from=2024-01-01"


def test_feed_entries_have_an_author_and_the_article_s_date(client, seeds):
    entries = {entry.find(f"{ATOM}title").text: entry for entry in _feed(client, q="OpenAI").findall(f"{ATOM}entry")}
    dated = seeds["000"]
    entry = entries[dated.title]
    assert entry.find(f"{ATOM}author/{ATOM}name").text in ("、".join(dated.authors), dated.publisher, dated.site)
    updated = datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    assert updated == dated.published_at  # not the moment it was imported
    assert all(e.find(f"{ATOM}author/{ATOM}name").text for e in entries.values())


def test_a_snippet_found_through_an_alias_marks_the_name_the_article_uses(client):
    story = make_article("访谈", "Sam Altman 在采访中谈到了新模型。")
    altman = Person.objects.create(name="Sam Altman")  # as the gazetteer loads it: the name is no alias
    Alias.objects.create(entity=altman, name="奥特曼")
    Mention.objects.create(article=story, entity=altman)
    from articles import search

    search.index_article(story)
    body = client.get("/search/", {"q": "奥特曼"}).content.decode()
    assert "<mark>Sam Altman</mark> 在采访中" in body
    feed = client.get("/search/feed/", {"q": "奥特曼"}).content.decode()
    assert "&lt;mark&gt;Sam Altman&lt;/mark&gt;" in feed
