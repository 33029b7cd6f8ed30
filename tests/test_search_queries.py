"""What a reader finds for the queries of the issue, on the seeds: every story whose
folded text holds the query, once, best first, whatever the script or case."""

import pytest

from articles import search
from articles.models import Article
from articles.text import fold
from tests.paths import FIXTURES
from tests.search_helpers import make_article

pytestmark = pytest.mark.django_db


def story_files(result):
    """The seed prefixes (000, 002 …) of every article of each result story."""
    found = set()
    for hit in result.results:
        found.add(hit.source_file[:3])
        found.update(version["source_file"][:3] for version in hit.versions)
    return found


def stories_holding(*needles):
    """The oracle: stories with an article whose folded text contains every needle."""
    found = set()
    for article in Article.objects.all():
        if all(fold(needle) in article.search_text for needle in needles):
            found.add(article.canonical_id or article.pk)
    return found


def result_stories(result):
    by_id = {a.pk: a.canonical_id or a.pk for a in Article.objects.all()}
    return {by_id[hit.id] for hit in result.results}


@pytest.fixture
def mark_chen(seeds):
    path = FIXTURES / "search" / "mark_chen.txt"
    title, _, body = path.read_text().partition("\n")
    return make_article(title, body, source_path=str(path))


def test_latin_name_is_found_in_any_case(seeds):
    upper, lower = search.search("Jason Wei"), search.search("jason wei")
    assert [h.id for h in upper.results] == [h.id for h in lower.results]
    assert {"000", "001", "002"} <= story_files(upper)
    assert result_stories(upper) == stories_holding("jason", "wei")


def test_simplified_and_traditional_spellings_find_the_same_articles(seeds):
    simplified, traditional = search.search("奥特曼"), search.search("奧特曼")
    assert [h.id for h in simplified.results] == [h.id for h in traditional.results]
    assert result_stories(simplified) == stories_holding("奥特曼")
    assert {"000", "002"} <= story_files(simplified)


def test_simplified_query_finds_an_article_written_in_traditional(seeds, mark_chen):
    result = search.search("陈信翰")
    assert "004" in story_files(result)
    assert mark_chen.pk in [hit.id for hit in result.results]
    assert result.total == len(stories_holding("陳信翰")) == 2


def test_word_that_segmentation_may_cut_is_found(seeds):
    result = search.search("思维链")
    assert result_stories(result) == stories_holding("思维链")
    assert {"000", "002"} <= story_files(result)


def test_every_word_must_be_there(seeds):
    result = search.search("OpenAI 离职")
    assert result.total > 0
    assert result_stories(result) == stories_holding("openai", "离职")


def test_excluded_word_keeps_its_articles_out(seeds):
    result = search.search("OpenAI -Sora")
    assert result.total > 0
    assert result_stories(result) == stories_holding("openai") - stories_holding("sora")


def test_or_finds_either_word(seeds):
    result = search.search("陈信翰 OR 思维链")
    assert result_stories(result) == stories_holding("陈信翰") | stories_holding("思维链")


@pytest.mark.parametrize("fragment", ["信翰", "维链", "人工智", "工作时间", "研究員"])
def test_fragment_of_a_word_finds_exactly_the_articles_holding_it(seeds, fragment):
    result = search.search(fragment, page_size=100)
    assert result_stories(result) == stories_holding(fragment)


def test_quoted_phrase_needs_its_words_together_and_in_order():
    together = make_article("一", "研究员 Jason Wei 发文")
    apart = make_article("二", "Jason 和 Wei 两个人")
    reversed_order = make_article("三", "Wei Jason 的顺序反了")
    assert {h.id for h in search.search('"Jason Wei"').results} == {together.pk}
    assert {h.id for h in search.search("Jason Wei").results} == {together.pk, apart.pk, reversed_order.pk}


def test_cjk_fragment_is_matched_as_a_substring_not_as_scattered_characters():
    holding = make_article("一", "中华人民共和国成立")
    scattered = make_article("二", "人民的共和制度与和国无关")
    assert [h.id for h in search.search("人民共和").results] == [holding.pk]
    assert scattered.pk not in [h.id for h in search.search("人民共和").results]


def test_one_character_query_finds_it_anywhere_in_a_run():
    middle = make_article("一", "系统漏洞修复")
    end = make_article("二", "发现一个漏")
    make_article("三", "没有那个字")
    assert {h.id for h in search.search("漏").results} == {middle.pk, end.pk}


def test_versions_of_one_story_are_one_result_listing_the_others(seeds):
    result = search.search("思维链")
    story = next(hit for hit in result.results if hit.source_file[:3] in {"000", "001"})
    assert [v["source_file"][:3] for v in story.versions] in (["001"], ["000"])
    assert sum(1 for hit in result.results if hit.source_file[:3] in {"000", "001"}) == 1


def test_title_match_ranks_above_a_body_match():
    body = make_article("无关的标题", "正文里提到了量子计算。" * 3)
    title = make_article("量子计算的新进展", "正文没有再提。")
    assert [h.id for h in search.search("量子计算").results] == [title.pk, body.pk]


def test_queryset_search_matches_like_the_search_box(seeds):
    assert not search.filter_articles(Article.objects.all(), "").exists()
    assert not search.filter_articles(Article.objects.all(), '"  "').exists()
    found = {a.canonical_id or a.pk for a in search.filter_articles(Article.objects.all(), "思维链")}
    assert found == stories_holding("思维链")


def test_lone_character_beside_a_latin_word_is_found_inside_a_run():
    article = make_article("一", "发布了 GPT-4o 模型")
    assert [h.id for h in search.search("4o模").results] == [article.pk]
