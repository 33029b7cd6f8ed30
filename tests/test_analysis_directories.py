"""/people/, /organizations/, /sources/ and their APIs: every entry with its story count."""

import pytest

from articles.models import Article, Mention, Person
from tests.analysis_data import archive  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _names(client, url):
    return [r["name"] for r in client.get(url).json()["results"]]


def test_people_are_ordered_by_stories_name_or_recent(client, archive):  # noqa: F811
    Person.objects.create(name="Aaron Nobody")  # mentioned nowhere: not listed
    # Altman is in three articles but two stories, as Brockman: a tie, ordered by name.
    assert _names(client, "/api/people") == ["Greg Brockman", "Sam Altman"]
    assert _names(client, "/api/people?sort=name") == ["Greg Brockman", "Sam Altman"]
    latest = {
        p.name: max(m.article.published_at for m in p.mentions.all())
        for p in Person.objects.filter(mentions__isnull=False).distinct()
    }
    recent = _names(client, "/api/people?sort=recent")
    assert [latest[name] for name in recent] == sorted(latest.values(), reverse=True)


def test_the_filter_box_finds_a_name_by_an_alias_in_either_script(client, archive):  # noqa: F811
    assert _names(client, "/api/people?q=奧特曼") == ["Sam Altman"]
    page = client.get("/people/?q=奥特曼").content.decode()
    assert "Sam Altman" in page and "Greg Brockman" not in page


def test_directories_page_through_every_entry(client, archive):  # noqa: F811
    story = Article.objects.first()
    for i in range(60):
        Mention.objects.create(article=story, entity=Person.objects.create(name=f"Person {i:02d}"))
    data = client.get("/api/people?page_size=50&page=2&sort=name").json()
    assert data["total"] == 62 and len(data["results"]) == 12
    second = client.get("/people/?sort=name&page=2").content.decode()
    assert "Sam Altman" in second


def test_the_sources_page_lists_each_source_with_its_stories(client, archive):  # noqa: F811
    page = client.get("/sources/").content.decode()
    assert "量子位" in page and "/sources/%E9%87%8F%E5%AD%90%E4%BD%8D/" in page
    source = client.get("/sources/量子位/").content.decode()
    assert "OpenAI 董事会变动" in source and "谷歌发布新芯片" in source


def test_an_unknown_source_is_a_404(client, archive):  # noqa: F811
    assert client.get("/sources/nowhere/").status_code == 404
    assert client.get("/api/sources/nowhere").status_code == 404


@pytest.mark.parametrize("params", ["sort=size", "page=0", "page_size=1000"])
def test_bad_parameters_are_a_400(client, archive, params):  # noqa: F811
    assert client.get(f"/api/people?{params}").status_code == 400
    assert client.get(f"/api/sources?{params}").status_code == 400
