"""The index: built from our own tokens, kept in step with every save, and exact past
PostgreSQL's limits on positions."""

import re

import pytest
from django.db import connection

from articles import search
from articles.models import Article
from articles.text import fold
from tests.search_helpers import make_article, make_person

pytestmark = pytest.mark.django_db


def lexemes(literal):
    with connection.cursor() as cursor:
        cursor.execute("SELECT lexeme, weights FROM unnest(%s::tsvector)", [literal])
        return {row[0]: set(row[1] or ()) for row in cursor.fetchall()}


def test_title_names_and_body_get_their_weights():
    values = search.index_values("奥特曼回归", ["Sam Altman"], fold("正文写的是 OpenAI。"))
    weights = lexemes(values.vector)
    assert weights["奥特"] == {"A"} and weights["altman"] == {"B"} and weights["openai"] == {"C"}
    assert set(lexemes(values.head)) == {"奥特", "特曼", "曼回", "回归", "归", "奥特曼", "sam", "altman"}


def test_saving_an_article_reindexes_it_after_commit(django_capture_on_commit_callbacks):
    article = make_article("旧标题", "旧的正文")
    article.text = "新的正文提到了饕餮"
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert [h.id for h in search.search("提到了饕餮").results] == [article.pk]
    assert [h.id for h in search.search("旧的正文").results] == []


def test_saving_other_fields_leaves_the_index_alone(django_capture_on_commit_callbacks):
    article = make_article("标题", "正文")
    with django_capture_on_commit_callbacks() as callbacks:
        article.save(update_fields=["site"])
    assert callbacks == []


def test_admin_edit_is_searchable(admin_client, django_capture_on_commit_callbacks):
    article = make_article("标题", "正文", file_hash="0" * 64)
    form = {field.name: getattr(article, field.attname) or "" for field in Article._meta.concrete_fields}
    form.update({"title": "饕餮大餐", "authors": "[]", "editors": "[]", "categories": "[]", "tags": "[]"})
    form = {key: value for key, value in form.items() if key not in {"id", "canonical", "published_at"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/articles/article/{article.pk}/change/", form)
    assert response.status_code == 302, re.findall(r"errorlist.{0,300}", response.content.decode(), re.S)
    assert [h.id for h in search.search("饕餮").results] == [article.pk]


def test_fragment_far_past_the_position_limit_is_found():
    filler = "安全公告。" * 6000  # 30,000 positions: beyond PostgreSQL's 16,383
    article = make_article("长文", filler + "文末提到了罕见的饕餮纹样。")
    other = make_article("短文", "饕餮在这里。")
    assert {h.id for h in search.search("饕餮纹").results} == {article.pk}
    assert {h.id for h in search.search("饕餮").results} == {article.pk, other.pk}


def test_an_entity_alias_finds_articles_naming_it_otherwise():
    article = make_article("一", "奥特曼回到了公司。")
    make_person("山姆·奥特曼", "Sam Altman", articles=[article])
    assert [h.id for h in search.search('"sam altman"').results] == [article.pk]
    assert fold("Sam Altman") not in Article.objects.get(pk=article.pk).search_text
