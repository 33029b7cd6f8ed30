"""Taiwan and Hong Kong vocabulary: a reader who types 惡意軟體 finds the articles that say
恶意软件, and the other way round, for the phrase pairs of OpenCC's own dictionaries (read
from the installed package here, never copied into the project)."""

import random

import pytest

from articles import search
from articles.models import Article
from articles.text import fold, opencc_dictionary, regional_forms, regional_pairs, to_simplified
from tests.search_helpers import make_article

pytestmark = pytest.mark.django_db

TERMS_PER_ARTICLE = 30


def dictionary_pairs(name: str, wanted: int) -> list[tuple[str, str]]:
    """(regional phrase as written there, mainland phrase in simplified characters) from
    an OpenCC dictionary, leaving out the pairs the search declares ambiguous."""
    kept = {regional for _, regional, _ in regional_pairs()}
    pairs = [(key, to_simplified(values[0])) for key, values in opencc_dictionary(name) if fold(key) in kept]
    return random.Random(18).sample(pairs, min(wanted, len(pairs)))


@pytest.fixture
def regional_archive(db):
    """Articles that use the Taiwan/Hong Kong phrases, others that use the mainland ones;
    each pair's two sides in different articles."""
    pairs = dictionary_pairs("TWPhrasesRev", 160) + dictionary_pairs("HKPhrasesRev", 60)
    written = []
    for start in range(0, len(pairs), TERMS_PER_ARTICLE):
        chunk = pairs[start : start + TERMS_PER_ARTICLE]
        regional = make_article(f"地區用語 {start}", "。".join(key for key, _ in chunk) + "。")
        mainland = make_article(f"大陆用语 {start}", "。".join(value for _, value in chunk) + "。")
        written.extend((key, value, regional.pk, mainland.pk) for key, value in chunk)
    return written


def found(query: str) -> set[int]:
    return set(search.filter_articles(Article.objects.all(), query).values_list("pk", flat=True))


def test_either_spelling_of_over_200_dictionary_pairs_finds_the_other(regional_archive):
    assert len(regional_archive) >= 200
    missed = []
    for regional, mainland, regional_article, mainland_article in regional_archive:
        if mainland_article not in found(regional):
            missed.append(f"{regional} → {mainland}")
        if regional_article not in found(mainland):
            missed.append(f"{mainland} → {regional}")
    assert not missed, f"{len(missed)} spellings missed the other: {missed[:10]}"


def test_the_issue_s_taiwan_words_find_mainland_articles_and_are_highlighted_there(db):
    for taiwan, mainland in [
        ("惡意軟體", "恶意软件"),
        ("伺服器", "服务器"),
        ("網路安全", "网络安全"),
        ("資訊安全", "信息安全"),
    ]:
        article = make_article(f"关于{mainland}的报道", f"今年的{mainland}事件不少。")
        result = search.search(taiwan)
        assert [hit.id for hit in result.results] == [article.pk]
        assert f"<mark>{mainland}</mark>" in result.results[0].snippet


def test_a_mainland_query_finds_a_traditional_article_in_taiwan_usage(db):
    article = make_article("資安週報", "駭客利用伺服器的漏洞散布惡意軟體。")
    assert found("恶意软件") == {article.pk}
    assert found("服务器") == {article.pk}
    assert found("黑客") == {article.pk}


def test_an_everyday_mainland_word_is_not_rewritten_into_another(db):
    # Taiwan's 執行 is the mainland's 运行, but 执行 is also a mainland word of its own.
    runs = make_article("程序运行", "程序运行很慢。")
    executes = make_article("远程代码执行", "攻击者可以执行任意代码。")
    assert regional_forms(fold("执行")) == []
    assert found("执行") == {executes.pk}
    assert found("运行") == {runs.pk}


def test_excluding_a_word_excludes_its_other_spellings(db):
    make_article("软件更新", "恶意软件又来了。")
    make_article("軟體更新", "惡意軟體又來了。")
    keeps = make_article("漏洞通报", "一个新的漏洞。")
    assert found("更新 -恶意软件") == set()
    assert found("漏洞 -惡意軟體") == {keeps.pk}
