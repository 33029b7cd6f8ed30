import gettext
import re

import pytest

from tests.pages_data import article, mention, person
from tests.paths import ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return article("奥特曼说，这个模型还会更新", day="2024-05-14")


def test_the_interface_is_chinese_even_when_the_browser_asks_for_english(client, story):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "<title>最新文章 · 新闻档案</title>" in html


def test_a_reader_can_switch_the_interface_to_english_and_back(client, story):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "<title>Latest articles · News Archive</title>" in html
    assert "Skip to content" in html
    assert 'aria-pressed="true">English</button>' in html
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "<title>最新文章 · 新闻档案</title>" in client.get("/").content.decode()


def test_in_english_the_articles_keep_their_chinese_and_their_lang(client, story):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(story.get_absolute_url()).content.decode()
    assert "奥特曼说，这个模型还会更新" in html
    assert '<article class="article" lang="zh-Hans"' in html


def test_english_counts_use_english_plurals(client, story):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "1 article" in client.get("/").content.decode()
    article("第二篇", day="2024-05-15")
    assert "2 articles" in client.get("/").content.decode()


def test_an_unknown_language_cookie_falls_back_to_chinese(client, story):
    client.cookies["django_language"] = "xx"
    assert '<html lang="zh-Hans">' in client.get("/").content.decode()


def test_the_committed_english_catalogue_is_complete_and_compiled():
    po = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
    source = po.read_text(encoding="utf-8")
    assert source.count('msgstr ""\n\n') == 0, "some strings have no English yet"
    assert "fuzzy" not in source, "a guessed translation waits for review (msgfmt leaves it out)"
    with open(po.with_suffix(".mo"), "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    entries = [entry for entry in source.split("\n\n") if "msgctxt" not in entry]
    pairs = [pair for entry in entries for pair in re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', entry, re.MULTILINE)]
    assert len(pairs) > 50
    stale = [msgid for msgid, msgstr in pairs if catalogue.gettext(_unquote(msgid)) != _unquote(msgstr)]
    assert not stale, f"django.mo is older than django.po (run compilemessages): {stale[:3]}"


def _unquote(po_string: str) -> str:
    return po_string.replace('\\"', '"').replace("\\\\", "\\")


def test_lists_are_headed_in_the_plural_and_single_labels_in_the_singular(client, db):
    story = article("奥特曼说", day="2024-05-14")
    mention(person("Sam Altman"), story)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<h3 class="entity-group-title">People</h3>' in html
    assert '<label for="f-person">Person</label>' in client.get("/").content.decode()


def test_an_entity_page_names_whom_its_articles_mention(client, db):
    altman = person("Sam Altman")
    mention(altman, article("奥特曼说", day="2024-05-14"))
    assert "<h2>提到Sam Altman的文章</h2>" in client.get(altman.get_absolute_url()).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(altman.get_absolute_url()).content.decode()
    assert "<h2>Articles mentioning Sam Altman</h2>" in html and "mention it" not in html


def test_a_query_of_only_exclusions_is_explained_in_english_too(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "This query only excludes words" in client.get("/search/", {"q": "-OpenAI"}).content.decode()
