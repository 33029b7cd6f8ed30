"""Recall on the shapes of query that real text is full of: Latin meeting CJK (GPT-4模型),
full-width letters and digits (ＧＰＴ－４), punctuation inside a term (node.js, C++,
CVE-2024-3094, 3.5%), and very long runs (a 600-character CJK run, a 90-character hash).

Articles are generated from those pieces; queries are random spans of their shown text,
widened to whole Latin words at their ends (a Latin word is matched whole). Every article
whose folded text holds the query (with whole-word edges) must be found."""

import random
import re

import pytest

from articles import search
from articles.models import Article
from articles.text import fold
from tests.search_helpers import make_article

pytestmark = pytest.mark.django_db

HAN = "漏洞利用攻击者服务器模型发布安全研究人员数据泄露补丁版本更新远程代码执行微软谷歌开源框架"
PIECES = [
    "GPT-4模型",
    "用Python写",
    "ＧＰＴ－４ｏ",
    "ｎｏｄｅ．ｊｓ框架",
    "node.js",
    "C++程序",
    "CVE-2024-3094漏洞",
    "3.5%的用户",
    "１２３４５个",
    "Log4j2",
    "iPhone15",
    "e-mail地址",
    "A/B测试",
    "AT&T公司",
]
QUERIES_PER_SHAPE = 40


def han_run(rng, length):
    return "".join(rng.choice(HAN) for _ in range(length))


def shown_texts(rng):
    texts = []
    for n in range(24):
        parts = [han_run(rng, rng.randint(2, 8)) + rng.choice(PIECES) for _ in range(8)]
        if n % 6 == 0:
            parts.append(han_run(rng, 600))
            parts.append("sha" + "".join(rng.choice("0123456789abcdef") for _ in range(90)))
        texts.append("，".join(parts) + "。")
    return texts


def _latin(char):
    return bool(re.match(r"[a-z0-9]", char))


def query_from(folded, rng, shape):
    """A span of folded text of the shape asked for, its Latin ends widened to whole words."""
    if shape == "long":
        start = rng.randrange(len(folded) - 60)
        length = rng.randint(20, 60)
    else:
        anchors = [m.start() for m in re.finditer(shape, folded)]
        if not anchors:
            return None
        start = max(0, rng.choice(anchors) - rng.randint(0, 3))
        length = rng.randint(3, 10)
    end = min(len(folded), start + length)
    while start > 0 and _latin(folded[start]) and _latin(folded[start - 1]):
        start -= 1
    while end < len(folded) and _latin(folded[end - 1]) and _latin(folded[end]):
        end += 1
    query = folded[start:end].strip(" ，。")
    return query if re.search(r"[^\W_]", query) else None


def holds(folded, query):
    before = r"(?<![a-z0-9])" if _latin(query[0]) else ""
    after = r"(?![a-z0-9])" if _latin(query[-1]) else ""
    return re.search(before + re.escape(query) + after, folded) is not None


# A shape is where in the text a query is cut: a regex the span must start near.
SHAPES = {
    "latin meets cjk": r"[a-z0-9][\u4e00-\u9fff]|[\u4e00-\u9fff][a-z0-9]",
    "full-width source": r"gpt-4o|node\.js|12345",
    "punctuation inside": r"[a-z0-9][.+\-%/&][a-z0-9+]",
    "long": None,
}


def test_every_shape_of_query_finds_every_article_that_holds_it(db):
    rng = random.Random(18)
    articles = [make_article(f"样本 {n}", text) for n, text in enumerate(shown_texts(rng))]
    folded = {a.pk: fold(Article.objects.get(pk=a.pk).search_text) for a in articles}
    missed = []
    for shape, pattern in SHAPES.items():
        queries = set()
        while len(queries) < QUERIES_PER_SHAPE:
            text = rng.choice(list(folded.values()))
            query = query_from(text, rng, "long" if pattern is None else pattern)
            if query:
                queries.add(query)
        for query in sorted(queries):
            expected = {pk for pk, text in folded.items() if holds(text, query)}
            found = set(search.filter_articles(Article.objects.all(), f'"{query}"').values_list("pk", flat=True))
            if expected - found:
                missed.append((shape, query, len(expected - found)))
    assert not missed, f"{len(missed)} queries missed articles: {missed[:8]}"


def test_full_width_and_half_width_spellings_find_each_other(db):
    half = make_article("模型", "OpenAI发布GPT-4o模型，基于node.js。")
    full = make_article("模型（全角）", "ＯｐｅｎＡＩ发布ＧＰＴ－４ｏ模型，基于ｎｏｄｅ．ｊｓ。")
    for query in ("GPT-4o", "ＧＰＴ－４ｏ模型", "node.js", "ｎｏｄｅ．ｊｓ"):
        found = set(search.filter_articles(Article.objects.all(), query).values_list("pk", flat=True))
        assert found == {half.pk, full.pk}, query


def test_names_written_with_cyrillic_look_alikes_are_found_and_marked(db):
    # Seen in real WeChat posts: ClickHouse and DataEase with Cyrillic с о ѕ а е inside,
    # so that keyword filters miss them. A reader types the Latin name.
    disguised = make_article("漏洞预警", "DаtаEаѕе 对 CliсkHоuѕе 数据源的连接参数缺少限制。")
    plain = make_article("漏洞通告", "DataEase 修复了 ClickHouse 连接的问题。")
    russian = make_article("俄文", "Исследователи сообщили о новой уязвимости.")
    for query in ("ClickHouse", "dataease", "DataEase ClickHouse"):
        found = set(search.filter_articles(Article.objects.all(), query).values_list("pk", flat=True))
        assert found == {disguised.pk, plain.pk}, query
    hit = next(h for h in search.search("ClickHouse").results if h.id == disguised.pk)
    assert "<mark>CliсkHоuѕе</mark>" in hit.snippet  # the shown text keeps its own letters
    # Russian, folded the same way in article and query, still finds itself.
    found = set(search.filter_articles(Article.objects.all(), "уязвимости").values_list("pk", flat=True))
    assert found == {russian.pk}
