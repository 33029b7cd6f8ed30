"""One story, one count: entity counts, co-mentions, the entity page and the API count
stories, not files. Seeds 000 and 001 are one story (simplified and traditional)."""

import pytest

from articles.entities.loading import load_gazetteer
from articles.entities.queries import companions, with_article_counts
from articles.ingest import import_paths
from articles.models import Article, EntityKind, Mention, Person
from tests.paths import SEEDS


@pytest.fixture
def linked_seeds(db):
    load_gazetteer()
    import_paths([SEEDS])
    return {a.source_file[:3]: a for a in Article.objects.all()}


def test_an_entity_named_in_both_versions_of_a_story_counts_it_once(linked_seeds):
    altman = Person.objects.get(name="Sam Altman")
    files = set(Mention.objects.filter(entity=altman).values_list("article_id", flat=True))
    assert {linked_seeds["000"].pk, linked_seeds["001"].pk} <= files  # both versions name him
    assert len(files) == 4 and with_article_counts(Person.objects.filter(pk=altman.pk)).get().article_count == 3


def test_co_mentions_count_stories(linked_seeds):
    altman = Person.objects.get(name="Sam Altman")
    together = {entity.name: entity.count for entity in companions(altman)[EntityKind.ORGANIZATION]}
    stories_with_both = 3  # 000 (with its version 001), 002 and 003 all name OpenAI
    assert together["OpenAI"] == stories_with_both


def test_the_page_the_list_and_the_api_agree(client, linked_seeds):
    altman = Person.objects.get(name="Sam Altman")
    page = client.get(f"/people/{altman.pk}/").content.decode()
    assert "共 3 篇" in page and page.count('class="article-card"') == 3
    listed = client.get("/api/people", {"q": "Sam Altman"}).json()["results"][0]
    assert listed["article_count"] == 3
    assert client.get("/api/articles").json()["total"] == Article.objects.canonical().count() == 4
