"""What extraction finds in an article, and what it refuses to."""

import pytest

from articles.entities.linking import link_article
from articles.entities.loading import load_gazetteer
from articles.models import Alias, Article, BlockedName, Entity, EntityKind, Mention, Organization, Person
from articles.text import fold, segment

pytestmark = pytest.mark.django_db


def linked(text, title="标题", **fields):
    """Links a new article with this text; returns {entity name: mention count}."""
    path = f"/tests/{fold(text)[:30]}.txt"
    article = Article.objects.create(title=title, text=text, source_path=path, search_text=fold(text), **fields)
    link_article(article)
    return {m.entity.name: m.count for m in Mention.objects.filter(article=article).select_related("entity")}


def person(name, *aliases, partial=()):
    entity = Person.objects.create(name=name, reviewed=True)
    for alias in aliases:
        Alias.objects.create(entity=entity, name=alias)
    for alias in partial:
        Alias.objects.create(entity=entity, name=alias, partial=True)
    return entity


def test_traditional_and_simplified_names_are_one_person():
    person("Sam Altman", "奥特曼", "阿特曼", partial=["Altman"])
    assert linked("奧特曼說，阿特曼和 Sam Altman 是同一人；Altman 同意。") == {"Sam Altman": 4}


def test_anna_brockman_is_not_greg_brockman():
    person("Greg Brockman", partial=["Brockman"])
    found = linked(
        "Greg Brockman 回来了。Brockman 与女友 Anna 成婚。此后 Anna Brockman 常来办公室。"
        "Greg Brockman 很忙，Greg Brockman 写代码。Brockman 说。"
    )
    assert found["Greg Brockman"] == 5  # three in full, two bare surnames
    assert found["Anna Brockman"] == 2  # in full, and "Anna" alone
    assert Person.objects.get(name="Anna Brockman").reviewed is False


def test_bare_surname_shared_by_two_people_counts_for_nobody():
    person("Dario Amodei", partial=["Amodei"])
    person("Daniela Amodei", partial=["Amodei"])
    assert linked("Amodei 表示将继续。") == {}


def test_chinese_name_beside_its_english_form_is_one_person():
    found = linked("OpenAI的首席研究官陳信翰(Mark Chen)倍感警醒。陳信翰在备忘录中写道。")
    entity = Person.objects.get(name="Mark Chen")
    assert found["Mark Chen"] == 2  # 陳信翰(Mark Chen) is one mention written two ways, 陳信翰 another
    assert set(entity.aliases.values_list("folded", flat=True)) == {fold("陈信翰")}
    # …and the next article that only says 陈信翰 is linked to him too.
    assert linked("陈信翰再次发言。")["Mark Chen"] == 1


def test_transliterated_name_with_a_title_glued_before_it_is_cut_right():
    linked("Anthropic研究员喬希·貝特森(Josh Batson)揉了揉眼睛。")
    assert Person.objects.get(name="Josh Batson").aliases.get().name == "喬希·貝特森"


def test_a_title_before_a_dotted_chinese_name_is_not_part_of_it():
    linked("OpenAI研究主管马克·陈(Mark Chen)说，推理还很早期。")
    assert Person.objects.get(name="Mark Chen").aliases.get().name == "马克·陈"


def test_latin_names_need_evidence_and_products_are_not_people():
    organization = Organization.objects.create(name="Google", reviewed=True)
    Alias.objects.create(entity=organization, name="谷歌")
    found = linked(
        "10 点用 Google Meet 开会，想知道 Gemini Ultra 有多好，方法论包括 Scaling Law。"
        "研究员Keyan Zhang暗示，同事Alec Radford开始研究，The Information曾撰文。"
    )
    assert set(found) == {"Google", "Keyan Zhang", "Alec Radford"}


def test_a_chengyu_is_not_a_name():
    found = linked("好一个任人唯贤！创始人王小川表示，科学家高度评价。")
    assert "任人唯贤" not in found
    assert found == {"王小川": 1}


def test_bylines_are_people_but_not_desks_or_accounts():
    Organization.objects.create(name="机器之心", reviewed=True)
    found = linked("正文。", authors=["机器之心", "张倩", "漏洞挖掘", "小白"], editors=["编辑部", "HYZ", "风险通告"])
    assert set(found) == {"张倩"}  # not the account, a desk, initials, a column or a handle
    assert not Person.objects.filter(name__in=["机器之心", "编辑部", "HYZ", "漏洞挖掘", "风险通告", "小白"]).exists()


def test_a_name_in_a_web_address_is_no_mention():
    Organization.objects.create(name="Google", reviewed=True)
    assert linked("参考 https://www.google.com/search?q=x 一文。") == {}


def test_a_blocked_name_is_never_found_again():
    BlockedName.objects.create(name="Scaling Laws", kind=EntityKind.PERSON)
    BlockedName.objects.create(name="Keyan Zhang")
    assert linked("研究员Keyan Zhang暗示。") == {}
    assert not Entity.objects.filter(name="Keyan Zhang").exists()


def test_the_gazetteer_loads_once_and_keeps_editors_aliases():
    load_gazetteer()
    altman = Person.objects.get(name="Sam Altman")
    Alias.objects.create(entity=altman, name="山姆")
    count = Entity.objects.count()
    load_gazetteer()
    assert Entity.objects.count() == count
    assert altman.aliases.filter(name="山姆").exists()
    assert {"奥特曼", "阿特曼"} <= set(altman.aliases.values_list("name", flat=True))


def test_segmentation_keeps_a_known_name_whole():
    person("Mark Chen", "陳信翰")
    linked("无关的文字。")  # linking loads the gazetteer, which teaches the segmenter
    assert "陈信翰" in segment(fold("首席研究官陳信翰倍感警醒"))


def test_a_word_before_an_english_name_in_brackets_is_not_taken_for_its_chinese_name():
    linked("国外一名白帽子（Bharat Singh）发现漏洞。无损音频编解码器 (Lossless Audio Codec) 开源。")
    assert not Alias.objects.filter(folded__in=["白帽子", "解码器"]).exists()
    assert not Person.objects.filter(name="Lossless Audio Codec").exists()


def test_lower_case_english_is_no_mention_even_where_folding_changes_the_length():
    Organization.objects.create(name="Meta", reviewed=True)
    # ㈱ folds to three characters, so folded and shown text no longer line up
    assert linked("㈱某社的 meta 数据，以及 Meta 公司。") == {"Meta": 1}


def test_a_name_that_ends_the_text_is_found_beside_a_longer_name_with_its_start():
    # The longer name runs past the end: its slice there is the shorter name, whose span
    # must not be taken as the longer one's. With `…` (folded to `...`) before it, that span
    # was mapped back to the shown text out of range: an IndexError rejected the file.
    Organization.objects.create(name="FreeBuf", reviewed=True)
    Organization.objects.create(name="Free Software Foundation", reviewed=True)
    assert linked("已陆续恢复……本文转载自 FreeBuf") == {"FreeBuf": 1}


def test_a_two_character_name_after_a_title_is_found_when_punctuation_closes_it():
    found = linked("出海业务对外亮相的是拼多多 CEO 陈磊。公司总裁表示，研究员发现，该漏洞已修复。")
    assert "陈磊" in found and not {"表示", "发现"} & set(found)
