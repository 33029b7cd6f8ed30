"""What a journalist does in one sitting, in a real browser on the seeded archive:
browse → open an article → follow a person → search "Jason Wei" → narrow by a facet →
read in traditional characters → log in to the admin and add an alias → find the
person by that alias."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article

pytestmark = pytest.mark.e2e


def test_a_reader_goes_from_browsing_to_editing_an_alias(visit, seeded):
    page = visit.page

    visit.goto("/")
    expect(page).to_have_title(re.compile("最新文章"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    articles = page.locator(".article-list > li")
    expect(articles).to_have_count(Article.objects.canonical().count())
    visit.shoot("browse")

    page.get_by_role("link", name=re.compile("GPT-4o团队引发OpenAI组织创新热议")).first.click()
    expect(page).to_have_url(re.compile(r"/articles/\d+/$"))
    expect(page.locator("h1")).to_contain_text("GPT-4o团队")
    expect(page.locator(".article-meta")).to_contain_text("量子位")
    visit.shoot("article")

    page.locator(".chips a.person", has_text="Jason Wei").click()
    expect(page).to_have_url(re.compile(r"/people/\d+/$"))
    expect(page.locator("h1")).to_have_text("Jason Wei")
    expect(page).to_have_title(re.compile("Jason Wei"))
    person_url = page.url
    visit.shoot("person")

    search = page.get_by_role("searchbox").first
    search.fill("Jason Wei")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Jason\+Wei"))
    expect(page).to_have_title(re.compile("Jason Wei"))
    results = page.locator(".search-results > li")
    expect(results.first).to_be_visible()
    expect(page.locator(".search-results mark").first).to_be_visible()
    visit.shoot("search")

    facet = page.locator(".facet a").first
    facet.click()
    expect(page).to_have_url(re.compile(r"[?&](source|year|person|organization)="))
    expect(results.first).to_be_visible()
    visit.shoot("search-filtered")

    filtered_url = page.url
    page.get_by_role("button", name="繁體", exact=True).click()
    expect(page).to_have_url(filtered_url)
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    expect(page.locator(".brand")).to_have_text("新聞檔案")
    expect(page.get_by_role("button", name="繁體", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".facet a[aria-current='true']")).to_have_count(1)  # still filtered
    visit.shoot("search-traditional")

    visit.goto("/admin/")
    page.get_by_label(re.compile("用户名|用戶名|Username")).fill(seeded["username"])
    page.get_by_label(re.compile("密码|Password")).fill(seeded["password"])
    page.get_by_role("button", name=re.compile("登录|Log in")).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    person_id = re.search(r"/people/(\d+)/", person_url).group(1)
    visit.goto(f"/admin/articles/person/{person_id}/change/")
    existing = int(page.locator("#id_aliases-INITIAL_FORMS").input_value())
    new_alias = page.locator(f"#id_aliases-{existing}-name")
    if not new_alias.count():
        page.locator(".add-row a").first.click()
    new_alias.fill("魏哲")
    visit.shoot("admin-alias")
    # The save re-links every article naming the person and rebuilds the gazetteer: real
    # work, which a loaded two-core CI machine once stretched past the 10 s default.
    page.locator("input[name='_save']").click(timeout=60_000)
    expect(page.locator(".messagelist .success")).to_be_visible()

    visit.goto(person_url.removeprefix(visit.base_url))
    expect(page.locator("body")).to_contain_text("魏哲")
    visit.shoot("person-after-edit")

    visit.goto("/search/?q=魏哲")  # the new alias finds the person at once
    expect(page.locator(".entity-card h2")).to_have_text("Jason Wei")
    visit.shoot("search-new-alias")
    visit.assert_no_errors()
