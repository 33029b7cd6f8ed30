import re

import pytest

from tests.pages_data import article, mention, organization, person

pytestmark = pytest.mark.django_db

TEXT = "\n".join(
    [
        "奧特曼說，OpenAI 的 Jason Wei 在微博上發文。",
        "<script>alert('x')</script> 也是正文的一部分。",
        "JASON WEI 又說了一次。",
    ]
)


@pytest.fixture
def story():
    original = article(
        "奧特曼談 OpenAI 的新模型",
        TEXT,
        day="2024-05-14",
        site="華文星空",
        script="hant",
        publisher="新智元",
        authors=["白交", "衡宇"],
        url="https://example.com/original?id=1&from=feed",
    )
    copy = article("奥特曼谈 OpenAI 的新模型", "简体转载。", day="2024-05-14", site="量子位", canonical=original)
    altman = person("Sam Altman", "奥特曼")
    wei = person("Jason Wei")
    openai = organization("OpenAI")
    mention(altman, original, count=1)
    mention(wei, original, count=2)
    mention(openai, original, count=1)
    return {"article": original, "copy": copy, "altman": altman, "wei": wei, "openai": openai}


def page(client, item, **params) -> str:
    response = client.get(item.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_title_of_the_page_is_the_title_of_the_article(client, story):
    assert "<title>奧特曼談 OpenAI 的新模型 · 新闻档案</title>" in page(client, story["article"])


def test_the_metadata_line_names_date_source_publisher_authors_and_the_original(client, story):
    html = page(client, story["article"])
    assert '<time datetime="2024-05-14T09:00:00+08:00">2024-05-14 09:00</time>' in html
    assert '<a href="/?source=%E8%8F%AF%E6%96%87%E6%98%9F%E7%A9%BA">華文星空</a>' in html
    assert "<span>新智元</span>" in html
    assert "作者: 白交、衡宇" in html
    assert 'href="https://example.com/original?id=1&amp;from=feed" rel="noopener noreferrer nofollow external"' in html


def test_the_article_is_marked_as_written_in_traditional_chinese(client, story):
    assert '<article class="article" lang="zh-Hant"' in page(client, story["article"])


def test_people_and_organizations_appear_as_chips_most_mentioned_first(client, story):
    html = page(client, story["article"])
    wei, altman, openai = (html.index(f'href="{story[key].get_absolute_url()}"') for key in ("wei", "altman", "openai"))
    assert wei < altman < openai
    assert "提到 2 次" in html


def test_the_text_is_escaped_and_unmarked_until_asked(client, story):
    html = page(client, story["article"])
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<mark" not in html.split('class="body"')[1]


def test_highlighting_marks_every_name_in_either_script_and_any_case(client, story):
    body = page(client, story["article"], highlight="1").split('class="body"')[1]
    assert '<mark class="person">奧特曼</mark>說' in body
    assert '<mark class="person">Jason Wei</mark>' in body
    assert '<mark class="person">JASON WEI</mark>' in body
    assert '<mark class="organization">OpenAI</mark>' in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert "<script>" not in body


def test_highlighting_can_be_turned_off_again(client, story):
    html = page(client, story["article"], highlight="1")
    assert '<a href="?">取消标记</a>' in html


def test_other_versions_of_the_story_are_listed_both_ways(client, story):
    assert f'href="{story["copy"].get_absolute_url()}"' in page(client, story["article"])
    assert f'href="{story["article"].get_absolute_url()}"' in page(client, story["copy"])


def test_related_articles_share_people_and_most_shared_come_first(client, story):
    two_shared = article("奥特曼和 Jason Wei", day="2023-01-01")
    one_shared = article("只提到 OpenAI", day="2024-06-01")
    unrelated = article("别的新闻", day="2024-06-02")
    mention(story["altman"], two_shared)
    mention(story["wei"], two_shared)
    mention(story["openai"], one_shared)
    html = page(client, story["article"]).split('id="related-heading"')[1]
    assert html.index(two_shared.get_absolute_url()) < html.index(one_shared.get_absolute_url())
    assert "2 个共同的人物或机构" in html
    assert unrelated.get_absolute_url() not in html
    assert story["copy"].get_absolute_url() not in html  # a version is not "related", it is the same story


def test_a_missing_article_is_a_404_page_that_leads_back(client, db):
    response = client.get("/articles/987654/")
    assert response.status_code == 404
    assert "<title>找不到这个页面 · 新闻档案</title>" in response.content.decode()
    assert "回到最新文章" in response.content.decode()


@pytest.mark.parametrize("path", ["/articles/abc/", "/articles/99999999999999999999999/", "/articles/-1/"])
def test_odd_article_addresses_are_not_found_rather_than_errors(client, db, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("highlight", ["1", "<b>", "\x00", "1" * 3000])
def test_odd_highlight_values_never_break_the_page(client, story, highlight):
    assert client.get(story["article"].get_absolute_url(), {"highlight": highlight}).status_code == 200


def test_the_metadata_line_points_to_the_other_versions(client, story):
    assert '<a href="#versions-heading">另有 1 个版本</a>' in page(client, story["article"])


def test_a_long_cast_shows_the_most_mentioned_and_folds_the_rest(client, db):
    crowded = article("很多人的新闻", day="2024-05-14")
    for number in range(8):
        mention(person(f"Person {number}"), crowded, count=10 - number)
    html = page(client, crowded)
    shown, folded = html.split('<details class="more-chips">')
    assert "Person 5" in shown and "Person 6" not in shown
    assert "另外 2 个" in folded and "Person 6" in folded and "Person 7" in folded


@pytest.mark.parametrize("address", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>"])
def test_an_original_address_that_is_not_a_web_page_is_never_a_link(client, db, address):
    item = article("可疑的原文地址", day="2024-05-14", url=address)
    html = page(client, item)
    assert "原文链接" not in html
    assert "alert(1)" not in html and "data:text/html" not in html


def test_web_addresses_in_the_text_are_safe_links(client, db):
    text = "原帖：https://x.com/_jasonwei/status/1791192069022810444。\n"
    text += "见 http://example.com/a?b=1&c=<script> 和 javascript:alert(1)"
    story = article("带链接的文章", text)
    html = page(client, story)
    body = html[html.index('<div class="body">') :]
    expected = "https://x.com/_jasonwei/status/1791192069022810444"
    assert f'<a href="{expected}" rel="noopener noreferrer nofollow">{expected}</a>。' in body
    assert '<a href="http://example.com/a?b=1&amp;c=" rel="noopener noreferrer nofollow">' in body
    assert "&lt;script&gt;" in body and "<script>" not in body
    assert 'href="javascript' not in body


def test_addresses_in_an_imported_body_become_links_and_existing_links_stay_single(client, seeds):
    html = page(client, seeds["000"])
    body = html[html.index('<div class="body">') :]
    address = "https://twitter.com/_jasonwei/status/1760032264120041684"
    assert f'<a href="{address}" rel="noopener noreferrer nofollow">{address}</a>' in body
    assert body.count(f'href="{address}"') == 1
    # an address that was a link already is not wrapped in a second one
    assert "<a " not in "".join(re.findall(r"<a [^>]*>(.*?)</a>", body))
