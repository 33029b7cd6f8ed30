"""Person and organization pages, their Atom feeds and the entity API, on the seeds."""

import pytest

from articles.entities.loading import load_gazetteer
from articles.ingest import import_paths
from articles.models import Organization, Person
from tests.paths import SEEDS


@pytest.fixture
def linked_seeds(db):
    load_gazetteer()
    import_paths([SEEDS])
    from articles.models import Article

    return {a.source_file[:3]: a for a in Article.objects.all()}


def test_person_page_shows_names_articles_and_who_appears_with_them(client, linked_seeds):
    altman = Person.objects.get(name="Sam Altman")
    page = client.get(f"/people/{altman.pk}/").content.decode()
    assert "奥特曼" in page and "阿特曼" in page and "OpenAI 联合创始人" in page
    # one card per story: 001 is a version of 000 and is not listed again
    assert page.count('class="article-card"') == 3  # 000, 002 and 003
    assert linked_seeds["001"].canonical == linked_seeds["000"]
    # newest first: 003 (2024-11-14) before 000 (2024-02-21)
    assert page.index(linked_seeds["003"].title) < page.index(linked_seeds["000"].title)
    assert "提到 13 次" in page  # 003 names him 13 times
    sidebar = page[page.index("companions-heading") :]
    assert "Greg Brockman" in sidebar and "OpenAI" in sidebar


def test_machine_found_person_is_marked_unreviewed(client, linked_seeds):
    keyan = Person.objects.get(name="Keyan Zhang")
    assert "尚未经编辑审核" in client.get(f"/people/{keyan.pk}/").content.decode()


def test_organization_page_lists_its_articles(client, linked_seeds):
    anthropic = Organization.objects.get(name="Anthropic")
    page = client.get(f"/organizations/{anthropic.pk}/").content.decode()
    assert linked_seeds["004"].title in page and "Josh Batson" in page


def test_a_person_id_is_not_an_organization_page(client, linked_seeds):
    altman = Person.objects.get(name="Sam Altman")
    assert client.get(f"/organizations/{altman.pk}/").status_code == 404
    assert client.get("/people/99999999/").status_code == 404


def test_entity_feed_lists_the_articles_mentioning_them(client, linked_seeds):
    mark = Person.objects.get(name="Mark Chen")
    response = client.get(f"/people/{mark.pk}/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 2 and linked_seeds["004"].title in body


def test_api_finds_people_by_any_alias_in_any_script(client, linked_seeds):
    data = client.get("/api/people", {"q": "陈信翰"}).json()
    assert data["total"] == 1
    mark = data["results"][0]
    assert mark["name"] == "Mark Chen" and "陈信翰" in mark["aliases"] and mark["article_count"] == 2
    assert client.get("/api/people", {"q": "奧特曼"}).json()["results"][0]["name"] == "Sam Altman"


def test_api_lists_are_paginated_most_mentioned_first(client, linked_seeds):
    data = client.get("/api/organizations", {"page_size": 2}).json()
    assert data["total"] > 20 and len(data["results"]) == 2
    # Five articles, four stories: a story's versions count once (article_count counts stories).
    assert [(r["name"], r["article_count"]) for r in data["results"]] == [("Microsoft", 4), ("OpenAI", 4)]
    assert client.get("/api/organizations", {"page_size": 101}).status_code == 400


def test_api_detail_has_articles_and_companions(client, linked_seeds):
    greg = Person.objects.get(name="Greg Brockman")
    data = client.get(f"/api/people/{greg.pk}").json()
    assert {a["id"] for a in data["articles"]} == {linked_seeds["002"].pk, linked_seeds["003"].pk}
    assert data["articles"][0]["id"] == linked_seeds["003"].pk  # newest first
    assert "Sam Altman" in {p["name"] for p in data["people"]}
    assert client.get(f"/api/organizations/{greg.pk}").status_code == 404


@pytest.mark.parametrize("query", ['"', "\x00", "' OR 1=1 --", "<script>", "🙂" * 500, "%_\\"])
def test_hostile_queries_never_fail(client, db, query):
    response = client.get("/api/people", {"q": query})
    assert response.status_code == 200 and response.json()["total"] == 0


def test_each_mention_is_shown_in_its_sentence_highlighted_newest_first(client, db):
    from datetime import UTC, datetime

    from articles.entities.editing import relink
    from articles.models import Alias, Article
    from articles.text import fold

    qualys = Organization.objects.create(name="Qualys", reviewed=True)
    Alias.objects.create(entity=qualys, name="科力斯")
    texts = {
        2023: "去年的报道。科力斯发布了报告。与此无关的一句。",
        2024: "今年 Qualys 指出：漏洞影响深远。<b>科力斯</b>也这样说。Qualys 再次强调。Qualys 第四次。",
    }
    for year, text in texts.items():
        Article.objects.create(
            title=f"{year} 年的文章", text=text, source_path=f"/t/{year}.txt", search_text=fold(text),
            published_at=datetime(year, 5, 1, tzinfo=UTC),
        )  # fmt: skip
    relink(Article.objects.all())
    page = client.get(f"/organizations/{qualys.pk}/").content.decode()

    assert page.index("2024 年的文章") < page.index("2023 年的文章")
    assert "今年 <mark>Qualys</mark> 指出：" in page
    assert "&lt;b&gt;<mark>科力斯</mark>&lt;/b&gt;也这样说。" in page  # the article's text is escaped
    assert "共 4 句提到" in page  # three sentences are shown, all four counted
    assert "与此无关的一句" not in page
    # the names, with how often each was written: Qualys 3 times, 科力斯 twice
    assert 'Qualys</span> <span class="alias-count">(3 次)' in page
    assert '科力斯</span> <span class="alias-count">(2 次)' in page


def test_an_entity_page_shows_a_new_article_and_companion_at_once(client, linked_seeds, tmp_path):
    # The page keeps its list and companions between requests; an import must still show.
    mark = Person.objects.get(name="Mark Chen")
    before = client.get(f"/people/{mark.pk}/").content.decode()
    sidebar = before[before.index("companions-heading") :]
    assert before.count('class="article-card"') == 2 and sidebar.index("Alan Kay") < sidebar.index("Jason Wei")
    story = tmp_path / "new.md"
    story.write_text("---\ntitle: 陈信翰谈新模型\ndate: 2025-03-01\n---\n\nMark Chen 与 Jason Wei 同台。\n")
    import_paths([story])
    after = client.get(f"/people/{mark.pk}/").content.decode()
    assert after.count('class="article-card"') == 3
    assert after.index("陈信翰谈新模型") < after.index(linked_seeds["004"].title)  # the newest, first
    sidebar = after[after.index("companions-heading") :]
    assert sidebar.index("Jason Wei") < sidebar.index("Alan Kay")  # two stories together now


def test_an_entity_page_turns_to_its_last_story(client, linked_seeds, monkeypatch):
    from articles.views import entities

    monkeypatch.setattr(entities, "PAGE_SIZE", 2)
    altman = Person.objects.get(name="Sam Altman")
    first = client.get(f"/people/{altman.pk}/").content.decode()
    second = client.get(f"/people/{altman.pk}/", {"page": 2}).content.decode()
    assert first.count('class="article-card"') == 2 and second.count('class="article-card"') == 1
    assert "共 3 篇" in first
    for story in ("000", "002", "003"):  # each story on one page
        assert (linked_seeds[story].title in first) != (linked_seeds[story].title in second)
