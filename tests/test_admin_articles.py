"""Editors can correct an article in the admin; what they type is shown safely."""

import pytest

from articles.entities.loading import load_gazetteer
from articles.models import Article, Mention

pytestmark = pytest.mark.django_db


def _change_form(article):
    return {
        "title": "改过的标题",
        "slug": article.slug,
        "published_at_0": "2024-02-21",
        "published_at_1": "12:00:00",
        "site": article.site,
        "publisher": article.publisher,
        "authors": '["机器之心"]',
        "editors": "[]",
        "url": article.url,
        "cover_image": article.cover_image,
        "categories": "[]",
        "tags": "[]",
        "body_html": '<p onclick="steal()">正文<script>alert(1)</script><a href="javascript:evil()">链接</a></p>',
        "text": article.text,
        "script": article.script,
    }


def test_an_edited_body_is_sanitised_before_it_is_shown(admin_client, client, seeds):
    article = seeds["000"]
    response = admin_client.post(f"/admin/articles/article/{article.pk}/change/", _change_form(article))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.title == "改过的标题"
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "正文" in page
    assert "<script>alert(1)" not in page and "steal()" not in page and "javascript:evil" not in page


def test_an_edited_title_is_searchable_at_once(admin_client, client, seeds, django_capture_on_commit_callbacks):
    article = seeds["000"]
    with django_capture_on_commit_callbacks(execute=True):  # the index follows the commit
        admin_client.post(f"/admin/articles/article/{article.pk}/change/", _change_form(article))
    results = client.get("/api/search", {"q": "改过的标题"}).json()["results"]
    assert [hit["id"] for hit in results] == [article.pk]


def test_the_article_list_filters_by_site(admin_client, seeds):
    page = admin_client.get("/admin/articles/article/", {"site": "36氪"}).content.decode()
    assert seeds["000"].title in page
    assert seeds["003"].title not in page


def test_anonymous_visitors_cannot_edit_articles(client, seeds):
    response = client.get(f"/admin/articles/article/{seeds['000'].pk}/change/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Article.objects.get(pk=seeds["000"].pk).title == seeds["000"].title


def test_an_edited_text_relinks_its_people_and_shows_on_the_page(admin_client, client, db):
    load_gazetteer()
    from articles.ingest import import_paths
    from tests.paths import SEEDS

    import_paths([SEEDS])
    article = Article.objects.get(source_path__endswith="004_4d2cc72df5aa22cc.txt")
    form = {**_change_form(article), "title": article.title, "body_html": article.body_html}
    form["text"] = "新的正文：陳信翰(Mark Chen)接受了采访。"
    response = admin_client.post(f"/admin/articles/article/{article.pk}/change/", form)
    assert response.status_code == 302

    named = set(Mention.objects.filter(article=article).values_list("entity__name", flat=True))
    assert "Mark Chen" in named
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "<p>新的正文：陳信翰(Mark Chen)接受了采访。</p>" in page
    assert 'class="chip person" href="/people/' in page and ">Mark Chen" in page
    assert article.pk in [hit["id"] for hit in client.get("/api/search", {"q": "陳信翰"}).json()["results"]]
