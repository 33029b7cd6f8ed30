"""Dates outside what an article can have — before 1900, days ahead, past year 9999 once
in UTC — are dropped with a note on the file's record; the article lands without them, and
a row stored with such a date earlier neither breaks a page nor escapes the repair."""

import importlib

import pytest
from django.db import connection

from articles.models import Article
from tests.hostile import add_good_files, assert_landed, assert_pages_answer, record_of, run_import

pytestmark = pytest.mark.django_db

BODY = "OpenAI 的研究人员在发布会上介绍了新的模型，这是一段足够长的正文。\n\n第二段也讲了同一个故事。\n"
DATES = {
    "far-future-west.md": ("9999-12-31T23:59:59-12:00", "more than a day in the future"),
    "year-one-east.md": ("0001-01-01T00:00:00+14:00", "before 1900"),
    "before-1900.md": ("1899-12-31", "before 1900"),
    "next-year.md": ("2099-06-01T08:00:00+08:00", "more than a day in the future"),
}


def _front_matter(title: str, date: str) -> str:
    return f"---\ntitle: '{title}'\ndate: {date}\n---\n\n{BODY}{title}\n"


@pytest.fixture
def folder(tmp_path):
    good = add_good_files(tmp_path)
    for name, (date, _) in DATES.items():
        (tmp_path / name).write_text(_front_matter(name, date), encoding="utf-8")
    (tmp_path / "fine.md").write_text(_front_matter("fine", "2024-03-01T10:00:00+08:00"), encoding="utf-8")
    return tmp_path, good


def test_absurd_dates_are_dropped_with_a_note_and_the_articles_land(folder, client):
    path, good = folder
    out, err = run_import(path)
    assert "0 rejected" in out, err
    assert_landed(*good, "fine.md", *DATES)
    for name, (_, reason) in DATES.items():
        assert Article.objects.get(source_path__endswith="/" + name).published_at is None
        assert f"dropped: {reason}" in record_of(name).message
    assert Article.objects.get(source_path__endswith="/fine.md").published_at.year == 2024
    assert_pages_answer(client)


def test_the_admin_lists_and_deletes_articles_after_a_batch_with_absurd_dates(folder, admin_client):
    run_import(folder[0])
    assert admin_client.get("/admin/articles/article/").status_code == 200
    Article.objects.get(source_path__endswith="/far-future-west.md").delete()


def _store_date_python_cannot_read(article) -> None:
    """What the import once stored: 9999-12-31T23:59:59-12:00 is year 10000 in UTC."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET published_at = '9999-12-31T23:59:59-12:00' WHERE id = %s", [article.pk]
        )


def test_a_stored_date_past_year_9999_is_read_as_the_calendars_end_and_every_page_answers(seeds, client, admin_client):
    article = seeds["000"]
    _store_date_python_cannot_read(article)
    assert Article.objects.get(pk=article.pk).published_at.year == 9999
    assert client.get(f"/api/articles/{article.pk}").json()["published_at"].startswith("9999-12-30")
    assert_pages_answer(client)
    assert admin_client.get("/admin/articles/article/").status_code == 200
    assert admin_client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 200
    Article.objects.get(pk=article.pk).delete()
    assert not Article.objects.filter(pk=article.pk).exists()


def test_the_migration_repairs_stored_absurd_dates_and_keeps_real_ones(seeds):
    migration = importlib.import_module("articles.migrations.0021_hostile_dates_and_interrupted_runs")
    _store_date_python_cannot_read(seeds["000"])
    Article.objects.filter(pk=seeds["002"].pk).update(published_at="1850-01-01T00:00:00Z")
    kept = Article.objects.get(pk=seeds["004"].pk).published_at
    with connection.cursor() as cursor:
        cursor.execute(migration.REPAIR_DATES)
        cursor.execute(
            "SELECT count(*) FROM articles_article WHERE id = ANY(%s) AND published_at IS NULL",
            [[seeds["000"].pk, seeds["002"].pk]],
        )
        assert cursor.fetchone()[0] == 2
    assert Article.objects.get(pk=seeds["004"].pk).published_at == kept


def test_a_date_filter_at_the_end_of_the_calendar_is_refused_politely(seeds, client):
    for params in ({"to": "9999-12-31"}, {"from": "0001-01-01"}, {"to": "9999-12-31", "from": "9999-12-31"}):
        response = client.get("/", params)
        assert response.status_code == 200
        assert "1900" in response.content.decode()
