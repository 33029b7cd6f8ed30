"""The sample that says how common a query is: drawn inside the search index, as large as
the archive's size calls for, spread evenly, and a total counted on it is within 5 %."""

import pytest
from django.db import connection

from articles import search
from articles.search import engine, sample
from tests.search_helpers import make_article

pytestmark = pytest.mark.django_db


def plan(statement: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + statement, [])
        return "\n".join(line for (line,) in cursor.fetchall())


def test_sampled_matches_are_found_inside_the_search_index():
    # The migration's index expression and the queries' must be the same, or PostgreSQL
    # tests every sampled article's tsvector (read from TOAST) instead.
    make_article("通报", "该漏洞影响很大。")
    drawn = sample.Sample(cut=20, articles=100_000, average_length=1)  # a large archive's 2 %
    explained = plan(f"SELECT a.id FROM articles_article a WHERE a.search_vector @@ '漏洞'::tsquery AND {drawn.where}")
    index_condition = next(line for line in explained.splitlines() if "Index Cond" in line)
    assert "search_vector" in index_condition and "2654435761" in index_condition, explained


@pytest.mark.parametrize("cut", [1, 20, 333])
def test_the_hash_puts_the_share_its_cut_says_below_the_cut(cut):
    # Low discrepancy: any run of ids, here 100,000 of them, holds the share to within a few.
    key = sample.KEY.replace("%%", "%").replace("a.id", "id")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM generate_series(7001, 107000) id WHERE {key} < {cut}")
        below = cursor.fetchone()[0]
    assert abs(below - 100 * cut) <= 5


def test_ids_that_repeat_a_period_are_spread_over_its_phases():
    # The 1M benchmark's clones repeat with a period of 100,000 ids: every phase of a
    # shorter period is sampled as often as the others.
    key = sample.KEY.replace("a.id", "id")  # run with parameters, as the engine runs it
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id %% 50, count(*) FROM generate_series(1, 500000) id WHERE {key} < 20 GROUP BY 1", [])
        per_phase = dict(cursor.fetchall())
    assert len(per_phase) == 50
    assert max(per_phase.values()) - min(per_phase.values()) <= 0.1 * 200


def test_a_tiny_archive_is_sampled_whole_and_a_larger_sample_holds_the_first():
    make_article("通报", "一篇文章。")
    with connection.cursor() as cursor:
        assert sample.current(cursor).scale == 1  # a tiny archive is sampled whole
        drawn = sample.Sample(cut=20, articles=2_000_000, average_length=1)
    assert drawn.size == 40_000
    assert drawn.at_least(100_000).size >= 100_000
    assert drawn.at_least(10).cut == 20  # never smaller than the sample it grows from
    assert drawn.at_least(10**9).scale == 1


def test_a_total_counted_on_a_sample_is_within_five_percent(monkeypatch):
    # A word in nine articles of ten, in an archive large enough that the first sample
    # (lowered to 50 articles) and the sample counted for the total are true samples.
    monkeypatch.setattr(engine, "EXACT_LIMIT", 5)
    monkeypatch.setattr(sample, "MIN_ARTICLES", 50)
    for n in range(600):
        make_article(f"通报 {n}", "该漏洞影响很大。" if n % 10 else "没有这个词。")
    with connection.cursor() as cursor:
        first = sample.current(cursor)
    assert first.size < 100
    result = search.search("漏洞")
    assert result.estimated
    assert abs(result.total - 540) <= 0.05 * 540, result.total
