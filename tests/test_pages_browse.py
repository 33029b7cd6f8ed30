import re

import pytest

from tests.pages_data import article, mention, organization, person

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return re.findall(r'<h2 lang="[^"]*"><a href="/articles/\d+/">([^<]+)</a>', response.content.decode())


@pytest.fixture
def archive():
    old = article("去年的旧闻", day="2023-06-01", site="36氪")
    new = article("今天的新闻", day="2024-05-14", site="量子位")
    middle = article("年初的报道", day="2024-01-10", site="華文星空", script="hant")
    undated = article("没有日期的文章", site="量子位")
    copy = article("今天的新闻（转载）", day="2024-05-14", site="36氪", canonical=new)
    altman = person("Sam Altman", "奥特曼")
    openai = organization("OpenAI")
    mention(altman, old, middle)
    mention(openai, new, middle)
    return {
        "old": old,
        "new": new,
        "middle": middle,
        "undated": undated,
        "copy": copy,
        "altman": altman,
        "openai": openai,
    }


def test_articles_are_listed_newest_first_with_undated_ones_last(client, archive):
    response = client.get("/")
    assert titles(response) == ["今天的新闻", "年初的报道", "去年的旧闻", "没有日期的文章"]


def test_a_version_of_a_story_is_not_listed_twice(client, archive):
    assert "今天的新闻（转载）" not in titles(client.get("/"))


def test_the_page_title_says_what_is_listed(client, archive):
    assert "<title>最新文章 · 新闻档案</title>" in client.get("/").content.decode()
    assert "<title>筛选结果 · 新闻档案</title>" in client.get("/?source=36氪").content.decode()


def test_filtering_by_source_shows_only_that_site(client, archive):
    # 36氪 republished the 量子位 story: its copy stands for that story here, once, as the
    # search, the timeline and the sources directory count it.
    assert titles(client.get("/", {"source": "36氪"})) == ["今天的新闻（转载）", "去年的旧闻"]


def test_a_source_sent_back_in_the_other_script_still_filters(client, archive):
    # A reader on the simplified page submits 华文星空; the site is stored as 華文星空.
    response = client.get("/", {"source": "华文星空"})
    assert titles(response) == ["年初的报道"]
    assert '<option value="華文星空" selected>' in response.content.decode()


def test_a_date_range_includes_both_ends(client, archive):
    assert titles(client.get("/", {"from": "2024-01-10", "to": "2024-05-14"})) == ["今天的新闻", "年初的报道"]
    assert titles(client.get("/", {"to": "2023-12-31"})) == ["去年的旧闻"]


def test_filtering_by_person_and_organization_combines(client, archive):
    assert titles(client.get("/", {"person": archive["altman"].pk})) == ["年初的报道", "去年的旧闻"]
    both = {"person": archive["altman"].pk, "organization": archive["openai"].pk}
    assert titles(client.get("/", both)) == ["年初的报道"]


def test_active_filters_are_shown_and_each_can_be_removed(client, archive):
    page = client.get("/", {"source": "量子位", "person": archive["altman"].pk}).content.decode()
    assert "人物: Sam Altman" in page
    assert f'href="?person={archive["altman"].pk}"' in page  # removing the source keeps the person
    assert 'href="?source=%E9%87%8F%E5%AD%90%E4%BD%8D"' in page  # removing the person keeps the source


def test_the_filter_form_offers_sources_and_people_with_counts(client, archive):
    page = client.get("/").content.decode()
    assert '<option value="量子位">量子位 (2)</option>' in page
    assert f'<option value="{archive["altman"].pk}">Sam Altman (2)</option>' in page
    assert '<label for="f-source">来源</label>' in page


def test_nothing_matching_says_so_and_offers_the_way_back(client, archive):
    page = client.get("/", {"source": "不存在的网站"}).content.decode()
    assert "没有符合这些筛选条件的文章。" in page
    assert '<a href="/">查看全部文章</a>' in page


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"from": "2024-13-45"},
        {"to": "'; DROP TABLE articles_article; --"},
        {"person": "abc"},
        {"person": "99999999999999999999999"},
        {"organization": "-3"},
        {"source": "<script>alert(1)</script>"},
        {"source": "\x00"},
        {"person": "١٢"},
        {"source": "x" * 5000},
    ],
)
def test_hostile_parameters_never_break_the_page(client, archive, params):
    response = client.get("/", params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_bad_date_is_reported_next_to_its_field_and_ignored(client, archive):
    page = client.get("/", {"from": "2024-13-45"}).content.decode()
    assert 'aria-invalid="true" aria-describedby="f-from-error"' in page
    assert "日期写成 2024-02-21 这样。" in page
    assert len(titles(client.get("/", {"from": "2024-13-45"}))) == 4


def test_pages_keep_the_filters_and_mark_the_current_page(client, db):
    for number in range(45):
        article(f"第{number}篇", day=f"2024-01-{number % 28 + 1:02d}", site="量子位")
    first = client.get("/", {"source": "量子位"}).content.decode()
    assert len(titles(client.get("/", {"source": "量子位"}))) == 20
    assert 'href="?source=%E9%87%8F%E5%AD%90%E4%BD%8D&amp;page=2"' in first
    assert '<span class="current" aria-current="page">1</span>' in first
    last = client.get("/", {"source": "量子位", "page": 3})
    assert len(titles(last)) == 5
    assert "<title>筛选结果 · 第 3 页 · 新闻档案</title>" in last.content.decode()
    beyond = client.get("/", {"page": 40})
    assert len(titles(beyond)) == 5  # a page past the end shows the last one


def test_each_listed_article_shows_whom_it_mentions_most(client, archive):
    busiest = person("Jason Wei")
    mention(busiest, archive["middle"], count=5)
    page = client.get("/").content.decode()
    card = page.split("年初的报道")[1].split('class="article-card"')[0]
    assert card.index("Jason Wei") < card.index("Sam Altman")
    assert f'<a class="chip organization" href="{archive["openai"].get_absolute_url()}">OpenAI</a>' in card


def test_a_day_runs_from_midnight_to_midnight_in_the_archives_time_zone(client, db):
    late = article("深夜发布", day="2024-05-14")
    late.published_at = late.published_at.replace(hour=23, minute=30)  # 15:30 UTC
    late.save()
    early = article("凌晨发布", day="2024-05-15")
    early.published_at = early.published_at.replace(hour=0, minute=10)  # still the 14th in UTC
    early.save()
    assert titles(client.get("/", {"from": "2024-05-14", "to": "2024-05-14"})) == ["深夜发布"]
    assert titles(client.get("/", {"from": "2024-05-15"})) == ["凌晨发布"]


def test_a_source_imported_a_moment_ago_is_offered_at_once(client, archive):
    assert "新来源" not in client.get("/").content.decode()
    article("新来源的第一篇", day="2024-06-01", site="新来源")
    assert '<option value="新来源">新来源 (1)</option>' in client.get("/").content.decode()
