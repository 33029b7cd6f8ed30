"""Every matching story can be reached by paging, whatever plan the search takes: a word
in most articles (the estimated plan, its limits lowered here so that a few articles
count as "most") pages to the end and finds them all, and its total is within 5 %."""

import datetime
import random

import pytest
from django.http import QueryDict
from django.utils import timezone

from articles import search
from articles.models import Article
from articles.search import engine, parse_filters
from tests.search_helpers import make_article, make_person

pytestmark = pytest.mark.django_db

PAGE = 7


@pytest.fixture
def archive(monkeypatch):
    """120 articles, the word 该漏洞 in 102 of them, dates spread unevenly (most of them
    old, a few undated), so that a window chosen from the sample's density is too narrow."""
    monkeypatch.setattr(engine, "EXACT_LIMIT", 5)
    monkeypatch.setattr(engine, "CHECKED_EXACT_LIMIT", 5)
    monkeypatch.setattr(engine, "RANK_WINDOW", 10)
    rng = random.Random(12)
    start = timezone.make_aware(datetime.datetime(2020, 1, 1))
    matching = set()
    for n in range(120):
        holds = n % 7 != 0
        day = None if n % 25 == 3 else start + datetime.timedelta(days=rng.choice([n, n * n]))
        text = f"第{n}条：该漏洞影响很大。" if holds else f"第{n}条：没有这个词。"
        article = make_article(f"通报 {n}", text, published_at=day)
        if holds:
            matching.add(article.pk)
    return matching


def all_pages(query):
    found, page = [], 1
    while True:
        result = search.search(query, page=page, page_size=PAGE)
        found.extend(hit.id for hit in result.results)
        if page >= result.num_pages:
            return result, found
        page += 1


@pytest.mark.parametrize("query", ["该漏洞", "漏洞", "漏洞 影响"])
def test_paging_to_the_end_reaches_every_matching_story_once(archive, query):
    result, found = all_pages(query)
    assert result.estimated
    assert len(found) == len(set(found))
    assert set(found) == archive


@pytest.mark.parametrize("query", ["该漏洞", "漏洞"])
def test_the_estimated_total_is_within_five_percent(archive, query):
    total = search.search(query).total
    assert abs(total - len(archive)) <= 0.05 * len(archive)


def test_undated_matches_are_reached_after_the_dated_ones(archive):
    _, found = all_pages("该漏洞")
    undated = set(Article.objects.filter(published_at__isnull=True, pk__in=archive).values_list("pk", flat=True))
    assert undated and set(found[-len(undated) :]) == undated


@pytest.mark.parametrize("narrowed_by", ["date", "person"])
@pytest.mark.parametrize("density", [0.0, 0.5])
def test_a_filtered_estimated_total_is_within_five_percent(archive, monkeypatch, narrowed_by, density):
    # Counted among the articles that pass the filters when the sample says most of them
    # match (the threshold lowered here: the sample of 120 articles is a handful).
    monkeypatch.setattr(engine, "FILTER_FIRST_DENSITY", density)
    dated = Article.objects.filter(pk__in=archive, published_at__lt=timezone.make_aware(datetime.datetime(2020, 3, 1)))
    if narrowed_by == "date":
        filters, truth = parse_filters(QueryDict("from=2020-01-01&to=2020-02-29")), dated.count()
    else:
        person = make_person("张三", articles=Article.objects.filter(pk__in=sorted(archive)[::2]))
        filters, truth = parse_filters(QueryDict(f"person={person.pk}")), len(sorted(archive)[::2])
    result = search.search("该漏洞", filters)
    assert result.estimated
    assert abs(result.total - truth) <= 0.05 * truth


def test_a_sampled_total_is_not_fooled_by_ids_that_repeat_a_pattern(monkeypatch):
    # Runs of 25 articles with the word, then 25 without: a period of 50 ids divides the
    # span, so slices every twentieth of it would all fall on the same phase of it.
    monkeypatch.setattr(engine, "CHECKED_EXACT_LIMIT", 5)
    monkeypatch.setattr(engine, "COUNT_CAP", 0)  # the sample's estimate is the total
    for n in range(1000):
        make_article(f"通报 {n}", "该漏洞影响很大。" if n % 50 < 25 else "没有这个词。")
    result = search.search("该漏洞")
    assert result.estimated
    assert abs(result.total - 500) <= 0.15 * 500, result.total


@pytest.mark.parametrize("narrowed_by", ["date", "person"])
def test_a_filtered_total_of_a_term_without_checks_is_counted_through_the_filter(archive, narrowed_by):
    # 漏洞 is one bigram: the sample's matches are the query's, so the total is the
    # articles that pass the filter (one person: among its mentions) times their share.
    dated = Article.objects.filter(pk__in=archive, published_at__lt=timezone.make_aware(datetime.datetime(2020, 3, 1)))
    if narrowed_by == "date":
        filters, truth = parse_filters(QueryDict("from=2020-01-01&to=2020-02-29")), dated.count()
    else:
        person = make_person("张三", articles=Article.objects.filter(pk__in=sorted(archive)[::2]))
        filters, truth = parse_filters(QueryDict(f"person={person.pk}")), len(sorted(archive)[::2])
    assert filters.count_sql()[0].startswith(
        "SELECT count(*) FROM articles_mention" if narrowed_by == "person" else "SELECT count(*) FROM articles_article"
    )
    result = search.search("漏洞", filters)
    assert result.estimated
    assert abs(result.total - truth) <= 0.05 * truth
