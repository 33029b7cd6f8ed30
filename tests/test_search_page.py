"""The /search/ page and its Atom feed, as a reader sees them."""

import pytest

from tests.search_helpers import make_article, make_person

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
