"""Sorting the search, every facet value within reach, filters shown as removable chips
and kept by every form."""

import pytest

from articles.models import Organization
from tests.analysis_data import archive  # noqa: F401 (a fixture)
from tests.search_helpers import make_article, make_person

pytestmark = pytest.mark.django_db


def _titles(client, params):
    return [r["title"] for r in client.get(f"/api/search?{params}").json()["results"]]


def test_results_sort_newest_or_oldest_first_with_undated_last(client, archive):  # noqa: F811
    assert _titles(client, "q=OpenAI&sort=-date") == ["OpenAI 完成融资", "OpenAI 发布新模型", "OpenAI 董事会变动"]
    assert _titles(client, "q=OpenAI&sort=date") == ["OpenAI 发布新模型", "OpenAI 完成融资", "OpenAI 董事会变动"]


def test_an_unknown_sort_is_a_400(client, archive):  # noqa: F811
    response = client.get("/api/search?q=OpenAI&sort=popular")
    assert response.status_code == 400 and "sort" in response.json()["error"]


def test_the_page_has_a_sort_switch_that_keeps_the_filters(client, archive):  # noqa: F811
    page = client.get("/search/?q=OpenAI&source=量子位&sort=-date").content.decode()
    assert '&amp;sort=date"' in page and '&amp;sort=relevance"' in page
    assert '<input type="hidden" name="sort" value="-date">' in page
    assert '<input type="hidden" name="source" value="量子位">' in page


def test_active_filters_are_removable_chips(client, archive):  # noqa: F811
    altman, brockman = archive["altman"], archive["brockman"]
    page = client.get(f"/search/?q=OpenAI&person={altman.pk}&person={brockman.pk}").content.decode()
    assert "chip removable person" in page and "Sam Altman" in page
    # Removing Altman keeps Brockman.
    assert f'href="?q=OpenAI&amp;person={brockman.pk}"' in page


def test_every_person_is_reachable_beyond_the_first_few(client, db):
    articles = [make_article(f"OpenAI 新闻 {i}", "OpenAI 的消息。") for i in range(3)]
    for i in range(14):
        make_person(f"Researcher {i:02d}", articles=articles[: 1 + i % 3])
    page = client.get("/search/?q=OpenAI").content.decode()
    assert "/search/values/person/?q=OpenAI" in page
    values = client.get("/search/values/person/?q=OpenAI").content.decode()
    assert values.count("Researcher") == 14
    assert client.get("/search/values/person/?q=OpenAI&name=13").content.decode().count("Researcher") == 1


def test_a_facet_value_adds_its_filter_to_those_kept(client, archive):  # noqa: F811
    openai = archive["openai"]
    values = client.get(f"/search/values/person/?q=OpenAI&organization={openai.pk}").content.decode()
    assert f"/search/?q=OpenAI&amp;organization={openai.pk}&amp;person={archive['brockman'].pk}" in values
    assert client.get("/search/values/nothing/").status_code == 404


def test_an_entity_page_links_to_the_stories_naming_both(client, archive):  # noqa: F811
    brockman, altman = archive["brockman"], archive["altman"]
    page = client.get(f"/people/{brockman.pk}/").content.decode()
    assert f"/?person={brockman.pk}&amp;person={altman.pk}" in page


def test_too_many_entity_filters_are_a_400(client, db):
    ids = [Organization.objects.create(name=f"Org {i}").pk for i in range(9)]
    query = "&".join(f"organization={i}" for i in ids)
    assert client.get(f"/api/search?q=OpenAI&{query}").status_code == 400


def test_browse_combines_people_and_keeps_them_in_its_form(client, archive):  # noqa: F811
    altman, brockman = archive["altman"], archive["brockman"]
    page = client.get(f"/?person={brockman.pk}&person={altman.pk}").content.decode()
    # Both are named in the funding story and in the launch story's version: two stories.
    assert "共 2 篇" in page
    assert "chip removable person" in page and page.count("chip removable person") == 2
    assert f'<input type="hidden" name="person" value="{altman.pk}">' in page
    assert f'href="?person={brockman.pk}"' in page  # Altman's chip removes Altman only


def test_browse_counts_a_story_once_where_only_a_version_names_the_person(client, archive):  # noqa: F811
    page = client.get(f"/?person={archive['brockman'].pk}").content.decode()
    assert "共 2 篇" in page
    assert "OpenAI 發布新模型" in page  # the version stands for its story
