"""`manage.py reclean`: templates learnt from the archive after the import clean the
articles imported before them, from their original bytes; incremental and idempotent."""

from collections import defaultdict

import pytest

from articles import search
from articles.ingest import import_paths, templates
from articles.models import Article, ArticleBlock, Template
from tests.wechat_posts import post, write

pytestmark = pytest.mark.django_db

SLOGAN = "示例实验室专注物联网固件研究，欢迎业内同行交流合作"
PRODUCTS = ["路由器", "摄像头", "打印机", "交换机"]


def _story(product):
    return [
        f"研究人员披露{product}固件中的命令注入问题，未经认证即可远程执行。",
        f"厂商已为{product}发布修复版本，建议尽快升级{product}固件。",
        f"多个{product}型号受到影响，{product}的管理界面不应暴露在公网。",
    ]


def _import(folder, product):
    text = post(f"{product}固件曝命令注入漏洞", [*_story(product), SLOGAN])
    assert not import_paths([write(folder, f"{product}.md", text)]).rejected


def test_a_footer_learnt_later_leaves_the_articles_imported_before(tmp_path, call):
    for product in PRODUCTS[:3]:
        _import(tmp_path, product)
    assert all(SLOGAN in a.text for a in Article.objects.all())  # nothing known yet
    assert search.search("业内同行").total == 3
    out, _ = call("reclean")
    assert "3 article(s) to clean again" in out and "3 of 3 article(s) cleaned again, 3 with a different text" in out
    assert all(SLOGAN not in a.text and SLOGAN in a.removed for a in Article.objects.all())
    assert search.search("业内同行").total == 0 and search.search("命令注入").total == 3


def test_a_second_run_does_nothing_and_a_new_post_is_cleaned_on_import(tmp_path, call):
    for product in PRODUCTS[:3]:
        _import(tmp_path, product)
    call("reclean")
    out, _ = call("reclean")
    assert "0 of 0 article(s) cleaned again" in out
    _import(tmp_path, PRODUCTS[3])
    assert SLOGAN not in Article.objects.get(title__startswith=PRODUCTS[3]).text
    assert "0 of 0 article(s)" in call("reclean")[0]


def test_the_database_learns_what_the_rule_in_memory_learns(tmp_path, call):
    for product in PRODUCTS:
        _import(tmp_path, product)
    call("reclean")
    blocks = defaultdict(list)
    for article_id, key in ArticleBlock.objects.values_list("article_id", "key"):
        blocks[article_id].append(key)
    records = [(a.site, a.canonical_id or a.pk, blocks[a.pk]) for a in Article.objects.all()]
    learnt = templates.learn(records)
    stored = defaultdict(set)
    for publisher, key in Template.objects.values_list("publisher", "key"):
        stored[publisher].add(key)
    assert {p: k for p, k in learnt.items() if k} == dict(stored)
    assert learnt["示例安全"]  # the slogan (and the byline's repeated parts) at least
