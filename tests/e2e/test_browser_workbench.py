"""The analyst's workbench in a real browser on the seeded archive: a timeline bar that
filters, the sort switch, every facet value, chips that come off, filters kept by the
search box, the export, the directories, the comparison chart and a saved search."""

import csv
import os
import re

import pytest
from playwright.sync_api import expect

from tests.search_helpers import make_article

pytestmark = pytest.mark.e2e


def _total(page) -> int:
    return int(re.search(r"\d+", page.locator(".result-count").inner_text()).group())


def test_an_analyst_narrows_a_search_by_time_and_people_and_exports_it(visit):
    page = visit.page
    visit.goto("/search/?q=OpenAI")
    total = _total(page)
    chart = page.locator("svg.chart")
    expect(chart).to_be_visible()
    expect(page.locator(".timeline-summary")).to_contain_text(str(total))
    visit.shoot("search-timeline")

    page.locator("svg.chart a.bar").first.click()  # the first month with a match
    expect(page).to_have_url(re.compile(r"from=\d{4}-\d\d-01&to=\d{4}-\d\d-\d\d"))
    expect(page.locator(".active-filters .chip.from")).to_be_visible()
    assert 0 < _total(page) < total
    page.locator(".active-filters .chip.from").click()  # the chips come off one by one
    expect(page).not_to_have_url(re.compile("from="))
    page.locator(".active-filters .chip.to").click()
    expect(page).not_to_have_url(re.compile("to="))
    expect(page.locator(".active-filters")).to_have_count(0)

    page.locator(".sort a", has_text="最新在前").click()
    expect(page).to_have_url(re.compile(r"sort=-date"))
    dates = page.locator(".search-results time").all_inner_texts()
    assert dates == sorted(dates, reverse=True)

    page.locator(".facet", has=page.locator("h2", has_text="人物")).get_by_role("link", name="全部…").click()
    expect(page).to_have_url(re.compile(r"/search/values/person/"))
    page.get_by_label("按名称筛选").fill("Greg")
    page.get_by_label("按名称筛选").press("Enter")
    page.locator(".value-list a", has_text="Greg Brockman").click()
    expect(page.locator(".active-filters .chip.person")).to_contain_text("Greg Brockman")
    visit.shoot("search-person-chip")

    search_box = page.locator("#q")
    search_box.fill("OpenAI Greg")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"q=OpenAI\+Greg.*person=\d+"))  # the filter stayed
    filtered_total = _total(page)

    with page.expect_download() as download:
        page.locator(".export a", has_text="CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        rows = list(csv.DictReader(exported))
    assert len(rows) == filtered_total
    assert all("Greg Brockman" in row["people"] for row in rows)
    visit.assert_no_errors()


def test_directories_lead_to_an_entity_a_source_and_a_comparison(visit):
    page = visit.page
    visit.goto("/people/")
    page.get_by_label("按名称筛选").fill("布罗克曼")  # an alias
    page.get_by_label("按名称筛选").press("Enter")
    expect(page.locator(".directory-table tbody tr")).to_have_count(1)
    stories = int(page.locator(".directory-table td.number").first.inner_text())
    page.locator(".directory-table a", has_text="Greg Brockman").click()
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator(".timeline-summary")).to_contain_text(f"共 {stories} 篇")
    visit.shoot("person-timeline")

    page.locator(".together a").first.click()
    expect(page).to_have_url(re.compile(r"/\?person=\d+&(person|organization)=\d+"))

    visit.goto("/sources/")
    page.locator(".count a", has_text="名称").click()
    expect(page).to_have_url(re.compile("sort=name"))
    page.locator(".directory-table a", has_text="量子位").click()
    expect(page.locator("h1")).to_have_text("量子位")
    expect(page.locator(".article-list li").first).to_be_visible()
    visit.shoot("source")

    visit.goto("/timeline/")
    inputs = page.locator(".compare-form input[type=search]")
    inputs.nth(0).fill("OpenAI")
    inputs.nth(1).fill("Sora")
    page.locator(".compare-form select").select_option("year")
    page.get_by_role("button", name="比较").click()
    expect(page.locator("svg.chart polyline")).to_have_count(2)
    expect(page.locator(".legend li")).to_have_count(2)
    visit.shoot("compare")
    visit.assert_no_errors()


def test_a_reader_saves_a_search_and_sees_what_is_new(visit, seeded):
    page = visit.page
    visit.goto("/searches/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("用户名").fill(seeded["username"])
    page.get_by_label("密码").fill(seeded["password"])
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("我的搜索")

    visit.goto("/search/?q=Sora")
    page.get_by_label("保存这个搜索").fill("Sora 动态")
    page.locator(".save-search button").click()
    row = page.locator(".directory-table tbody tr", has_text="Sora 动态")
    expect(row.locator(".new-count")).to_have_text("0")

    make_article("Sora 新版本发布", "OpenAI 发布了新版 Sora。")
    page.reload()
    expect(row.locator(".new-count")).to_have_text("1")
    visit.shoot("saved-searches")
    if documentation := os.environ.get("SCREENSHOTS_DIR"):
        page.screenshot(path=f"{documentation}/saved-searches-desktop.png")
    feed_url = row.get_by_role("link", name="私人 Atom 订阅").get_attribute("href")

    row.get_by_role("link", name="Sora 动态").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=Sora"))
    visit.goto("/searches/")
    expect(row.locator(".new-count")).to_have_text("0")

    feed = page.request.get(feed_url)
    assert feed.ok and "Sora 新版本发布" in feed.text()
    visit.assert_no_errors()
