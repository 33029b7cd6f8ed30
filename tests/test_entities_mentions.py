"""Mentions are right: the longest name wins, the header and addresses mention nobody,
and a count is the number of times the shown text names the entity."""

import pytest

from articles.entities.editing import relink
from articles.models import Alias, Article, Mention, Organization, Person
from articles.text import fold

pytestmark = pytest.mark.django_db


def organization(name, *aliases):
    entity = Organization.objects.create(name=name, reviewed=True)
    for alias in aliases:
        Alias.objects.create(entity=entity, name=alias)
    return entity


def linked(text, title="标题", **fields):
    path = f"/tests/{len(Article.objects.all())}.txt"
    article = Article.objects.create(title=title, text=text, source_path=path, search_text=fold(text), **fields)
    relink([article])
    return {m.entity.name: (m.count, m.forms) for m in Mention.objects.filter(article=article).select_related("entity")}


def test_the_longest_name_wins_where_names_overlap():
    organization("Linux Foundation", "Linux基金会")
    organization("Linux")
    found = linked("Linux Foundation 发布报告。Linux基金会称，Linux 内核已修复。")
    assert found == {
        "Linux Foundation": (2, {"Linux Foundation": 1, "Linux基金会": 1}),
        "Linux": (1, {"Linux": 1}),
    }


def test_a_discovered_longer_name_takes_its_text_from_a_known_shorter_one():
    organization("Linux")
    found = linked("Linux Foundation 的研究人员指出了问题，Linux Foundation 已回应。")
    assert found == {"Linux Foundation": (2, {"Linux Foundation": 2})}  # found by the pattern, not Linux ×2


def test_the_account_in_the_header_is_not_a_mention():
    organization("FreeBuf")
    assert linked("正文里没有提到这个账号。", site="FreeBuf", publisher="FreeBuf") == {}


def test_a_name_in_a_web_address_is_not_a_mention():
    organization("Google", "谷歌")
    found = linked("参考 https://security.googleblog.com/google/2024 与 www.google.com/x 。谷歌表示已修复。")
    assert found == {"Google": (1, {"谷歌": 1})}


def test_a_name_in_the_title_and_the_text_is_counted_in_the_text_only():
    organization("Google", "谷歌")
    assert linked("谷歌修复了漏洞。", title="谷歌修复 Chrome 零日漏洞")["Google"][0] == 1


def test_a_name_only_in_the_title_is_one_mention():
    organization("Google", "谷歌")
    assert linked("该公司修复了漏洞。", title="谷歌修复 Chrome 零日漏洞")["Google"][0] == 1


def test_a_name_and_its_alias_in_brackets_are_one_mention():
    person = Person.objects.create(name="Mark Chen", reviewed=True)
    Alias.objects.create(entity=person, name="陈信翰")
    found = linked("首席研究官陈信翰(Mark Chen)表示，陈信翰会继续。")
    assert found == {"Mark Chen": (2, {"陈信翰": 2, "Mark Chen": 1})}


def test_a_name_written_with_cyrillic_look_alikes_is_a_mention_as_written():
    organization("ClickHouse")
    found = linked("攻击者利用 CliсkHоuѕе 的连接参数。")  # с о ѕ е are Cyrillic
    assert found == {"ClickHouse": (1, {"CliсkHоuѕе": 1})}
