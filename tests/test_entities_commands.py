"""load_entities and extract_entities, run as an operator runs them."""

import pytest

from articles.models import Entity, Mention, Person

pytestmark = pytest.mark.django_db


def test_loading_the_gazetteer_twice_changes_nothing(call):
    first, _ = call("load_entities")
    count = Entity.objects.count()
    second, _ = call("load_entities")
    assert not first.startswith("entities: 0 new") and count > 300
    assert second.startswith("entities: 0 new, 0 aliases added")
    assert Entity.objects.count() == count


def test_extraction_over_the_archive_links_articles_imported_before_the_gazetteer(call, seeds):
    # Without the gazetteer only the article writing "Sam Altman" in full names him.
    assert Mention.objects.filter(entity__name="Sam Altman").count() == 1
    call("load_entities")
    out, _ = call("extract_entities")
    assert "5/5 articles" in out and "5 articles linked" in out
    altman = Person.objects.get(name="Sam Altman")
    assert altman.mentions.count() == 4  # 奥特曼, 奧特曼 and 阿特曼 now count too
    assert altman.reviewed  # the gazetteer vouches for the name the machine had found
