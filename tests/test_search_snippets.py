"""Snippets: cut from the shown text, escaped, with every match marked, whatever the script."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles import search
from articles.text import fold, fold_with_offsets
from tests.search_helpers import make_article, make_person

pytestmark = pytest.mark.django_db


def test_simplified_query_marks_the_traditional_shown_text():
    make_article("訪談", "訪談中,首席研究官陳信翰(Mark Chen)談到了<推理>模型。")
    [hit] = search.search("陈信翰").results
    assert hit.snippet == "訪談中,首席研究官<mark>陳信翰</mark>(Mark Chen)談到了&lt;推理&gt;模型。"


def test_phrase_is_marked_as_one_piece_and_words_separately():
    make_article("一", "OpenAI 研究人员 Jason Wei 说。")
    [hit] = search.search('"jason wei"').results
    assert hit.snippet == "OpenAI 研究人员 <mark>Jason Wei</mark> 说。"
    [hit] = search.search("jason wei").results
    assert hit.snippet == "OpenAI 研究人员 <mark>Jason</mark> <mark>Wei</mark> 说。"


def test_latin_word_is_not_marked_inside_a_longer_word():
    make_article("一", "Weibo 上的 Wei 先生")
    [hit] = search.search("wei").results
    assert hit.snippet == "Weibo 上的 <mark>Wei</mark> 先生"


def test_markup_in_an_article_is_shown_as_text():
    make_article("一", '<script>alert("x")</script> 漏洞 <img src=x onerror=alert(1)>')
    [hit] = search.search("漏洞").results
    assert "<script>" not in hit.snippet and "<img" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet and "<mark>漏洞</mark>" in hit.snippet


def test_snippet_of_a_long_article_is_cut_around_the_match():
    make_article("一", "前文。" * 5_000 + "这里有一个罕见词饕餮。" + "后文。" * 1000)
    [hit] = search.search("饕餮").results
    assert "<mark>饕餮</mark>" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) < search.SNIPPET_LENGTH + 40


@pytest.mark.parametrize("before", [10, 1_990, 2_999, 3_000, 8_000])
def test_the_snippet_starts_at_the_first_match_wherever_it_is(before):
    # The start of a text is searched first (snippets.py): a match across its end, or
    # only after it, is found in the whole text; a later match does not win over it.
    make_article("一", "前" * before + "饕餮之后" + "中" * 3_000 + "麒麟" + "后" * 100)
    [hit] = search.search("麒麟 饕餮").results
    assert "<mark>饕餮</mark>之后" in hit.snippet and "麒麟" not in hit.snippet


def test_other_names_of_the_person_searched_for_are_marked():
    article = make_article("一", "首席研究官 Mark Chen 表示")
    make_person("陈信翰", "陳信翰", "Mark Chen", articles=[article])
    [hit] = search.search("陈信翰").results
    assert hit.snippet == "首席研究官 <mark>Mark Chen</mark> 表示"


@given(st.text(alphabet=st.sampled_from("Aa奧奥ﬁ\u200bİß①　 x\u00ad漢")))
def test_every_folded_character_points_back_at_the_character_it_came_from(text):
    # Highlights land on the shown text through these offsets, whether or not the text
    # folds in place (ﬁ folds to two characters, a soft hyphen to none).
    folded, offsets = fold_with_offsets(text)
    assert len(offsets) == len(folded) and list(offsets) == sorted(offsets)
    assert "".join(fold(text[index]) for index in sorted(set(offsets))) == folded
    assert folded == fold(text)
