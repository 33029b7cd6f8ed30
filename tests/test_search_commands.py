"""manage.py reindex: rebuilds the index, all of it or the articles named."""

import pytest

from articles import search
from articles.models import Article

pytestmark = pytest.mark.django_db


def test_reindex_rebuilds_every_article_and_says_so(seeds, call):
    Article.objects.update(search_vector=None, head_vector=None)
    assert search.search("思维链").total == 0
    out, _ = call("reindex")
    assert "reindexed 5 articles" in out
    assert search.search("思维链").total > 0


def test_reindex_of_given_ids_leaves_the_others_alone(seeds, call):
    Article.objects.update(search_vector=None, head_vector=None)
    out, _ = call("reindex", str(seeds["004"].pk), "--verbosity", "0")
    assert "reindexed 1 articles" in out
    assert [hit.id for hit in search.search("陈信翰").results] == [seeds["004"].pk]
    assert search.search("思维链").total == 0
