"""What every page shares: titles, landmarks, the skip link, the about page, errors."""

import re

import pytest
from django.contrib.staticfiles import finders

from tests.pages_data import article, mention, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(db):
    story = article("奥特曼说，这个模型还会更新", "正文", day="2024-05-14")
    altman = person("Sam Altman", "奥特曼")
    mention(altman, story)
    return {"browse": "/", "article": story.get_absolute_url(), "about": "/about/", "person": altman.get_absolute_url()}


@pytest.mark.parametrize("name", ["browse", "article", "about", "person"])
def test_every_page_has_a_title_landmarks_and_a_skip_link(client, pages, name):
    html = client.get(pages[name]).content.decode()
    title = re.search(r"<title>(.+?)</title>", html).group(1)
    assert title.endswith(" · 新闻档案") and len(title) > len(" · 新闻档案")
    assert '<a class="skip-link" href="#main">跳到正文</a>' in html
    assert '<main id="main" tabindex="-1">' in html
    assert '<header class="site-header">' in html and '<footer class="site-footer">' in html
    assert '<nav class="site-nav" aria-label="主导航">' in html


def test_the_current_section_is_marked_in_the_navigation(client, pages):
    assert '<a href="/about/" aria-current="page">关于</a>' in client.get("/about/").content.decode()


def test_the_about_page_counts_what_the_archive_holds(client, pages):
    person("Nobody Mentioned")  # known to the gazetteer, in no article: not counted
    html = client.get("/about/").content.decode()
    assert "<title>关于 · 新闻档案</title>" in html
    assert "这里收集了 1 篇关于人工智能行业的中文报道，来自 1 个来源，涉及 1 位人物和 0 家机构。" in html


def test_the_about_page_counts_what_the_api_lists(client, pages):
    story = article("另一篇", "正文", day="2024-05-15", site="36氪")
    article("另一篇的繁体版本", "正文", day="2024-05-15", site="華文星空", canonical=story)  # one story, two versions
    person("Nobody Mentioned")
    html = client.get("/about/").content.decode()
    counts = {name: client.get(f"/api/{name}").json()["total"] for name in ("articles", "people", "organizations")}
    assert counts == {"articles": 2, "people": 1, "organizations": 0}
    expected = f"这里收集了 {counts['articles']} 篇关于人工智能行业的中文报道，来自 2 个来源，"
    assert expected + f"涉及 {counts['people']} 位人物和 {counts['organizations']} 家机构。" in html


def test_every_page_names_an_icon_and_favicon_ico_leads_to_it(client, pages):
    html = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html).group(1)
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == icon
    assert icon == "/static/favicon.svg"
    with open(finders.find("favicon.svg"), "rb") as svg:  # what collectstatic serves there
        assert svg.read().startswith(b"<svg")


def test_an_unknown_address_is_a_friendly_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "找不到这个页面" in response.content.decode()


def test_the_stylesheet_is_served_and_has_no_outside_resources(client, db):
    html = client.get("/").content.decode()
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)">', html).group(1)
    assert stylesheet.startswith("/static/")
    assert "http://" not in html.split("<body>")[0] and "https://" not in html.split("<body>")[0]
