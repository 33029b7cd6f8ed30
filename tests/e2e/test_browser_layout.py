"""The main pages at phone and desktop widths, by keyboard, and without JavaScript.

Set SCREENSHOTS_DIR (as `make screenshots` does) to also write the first screen of each
page there: docs/screenshots/ holds the ones the README shows."""

import os
import re
from pathlib import Path

import pytest
from django.db.models import Count
from playwright.sync_api import expect

from articles.models import Article, Organization, Person
from tests.e2e.conftest import DESKTOP, PHONE, TABLET

pytestmark = pytest.mark.e2e


def main_pages() -> dict[str, str]:
    story = Article.objects.canonical().annotate(n=Count("mentions")).order_by("-n", "pk").first()
    person = Person.objects.annotate(n=Count("mentions")).order_by("-n", "pk").first()
    organization = Organization.objects.annotate(n=Count("mentions")).order_by("-n", "pk").first()
    return {
        "browse": "/",
        "article": story.get_absolute_url(),
        "search": "/search/?q=Jason+Wei",
        "person": person.get_absolute_url(),
        "organization": organization.get_absolute_url(),
    }


@pytest.mark.parametrize("width", ["desktop", "tablet", "phone"])
def test_main_pages_fit_the_screen_without_sideways_scrolling(open_tab, width):
    viewport = {"desktop": DESKTOP, "tablet": TABLET, "phone": PHONE}[width]
    visit = open_tab(viewport, locale="zh-CN")
    documentation = os.environ.get("SCREENSHOTS_DIR")
    for name, path in main_pages().items():
        visit.goto(path)
        expect(visit.page.locator("h1").first).to_be_visible()
        assert visit.fits_width(), f"{name} scrolls sideways at {viewport['width']}px"
        visit.shoot(f"{name}-{width}")
        if documentation and width != "tablet":
            Path(documentation).mkdir(parents=True, exist_ok=True)
            visit.page.screenshot(path=f"{documentation}/{name}-{width}.png")


def test_a_keyboard_reader_can_skip_straight_to_the_content(visit):
    page = visit.page
    visit.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "the next Tab after skipping lands inside the main content"
    visit.shoot("keyboard-focus")


def test_filters_and_the_script_switch_work_without_javascript(open_tab):
    visit = open_tab(javascript=False)
    page = visit.page
    visit.goto("/")
    source = page.locator("#f-source option").nth(1).get_attribute("value")
    page.get_by_label("来源").select_option(source)
    page.get_by_role("button", name="筛选", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?source="))
    expect(page.locator(".active-filters")).to_contain_text(source)
    page.get_by_role("button", name="繁體").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    expect(page.locator("h1")).to_have_text("篩選結果")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Filtered articles")
    visit.shoot("no-javascript")


CONTRAST_SCRIPT = """
(selector) => {
  const channels = (color) => color.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const linear = [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  };
  const background = (element) => {
    for (; element; element = element.parentElement) {
      const color = channels(getComputedStyle(element).backgroundColor);
      if (color.length < 4 || color[3] > 0) return color.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll(selector)].slice(0, 20).map((element) => {
    const [a, b] = [luminance(channels(getComputedStyle(element).color)), luminance(background(element))];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}
"""
TEXT_SELECTORS = [
    "body",
    ".meta",
    ".excerpt",
    ".site-nav a",
    ".switch button",
    ".chip.person",
    ".chip.organization",
    ".body p",
    ".body mark",
    ".site-footer a",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_is_readable_against_its_background_in_light_and_dark(visit, scheme):
    visit.page.emulate_media(color_scheme=scheme)
    pages = main_pages()
    failures = []
    for path in (pages["browse"], pages["article"] + "?highlight=1"):
        visit.goto(path)
        for selector in TEXT_SELECTORS:
            ratios = visit.page.evaluate(CONTRAST_SCRIPT, selector)
            failures += [f"{path} {selector}: {ratio:.1f}:1" for ratio in ratios if ratio < 4.5]
    assert not failures, "below WCAG AA (4.5:1): " + ", ".join(failures)


GROUP_TITLES_SCRIPT = """
() => [...document.querySelectorAll('.entity-group')].map((group) => {
  const title = group.querySelector('.entity-group-title');
  const chips = group.querySelector('.chips').getBoundingClientRect();
  return {text: title.textContent, cut: title.scrollWidth > title.clientWidth,
          overlaps: title.getBoundingClientRect().right > chips.left + 1};
})
"""


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_english_list_headings_are_shown_whole(open_tab, width):
    visit = open_tab({"desktop": DESKTOP, "phone": PHONE}[width])
    story = Article.objects.annotate(n=Count("mentions__entity__kind", distinct=True)).filter(n=2).first()
    visit.goto(story.get_absolute_url())
    visit.page.get_by_role("button", name="English").click()
    expect(visit.page.locator("html")).to_have_attribute("lang", "en")
    visit.shoot(f"english-headings-{width}")
    groups = visit.page.evaluate(GROUP_TITLES_SCRIPT)
    assert {group["text"] for group in groups} == {"People", "Organizations"}
    assert not [group for group in groups if group["cut"] or group["overlaps"]], groups
    assert visit.fits_width()


def test_article_images_come_from_the_archive_and_show_a_placeholder(visit):
    outside = []
    visit.page.on("request", lambda r: r.resource_type == "image" and visit.base_url not in r.url and outside.append(r))
    story = Article.objects.filter(body_html__contains="<img").first()
    visit.goto(story.get_absolute_url())
    images = visit.page.locator(".body img")
    assert images.count() > 0
    images.first.scroll_into_view_if_needed()
    expect(images.first).to_have_js_property("complete", True)
    assert images.first.evaluate("img => img.naturalWidth") > 0, "the placeholder is drawn"
    assert not outside, [r.url for r in outside]
    visit.shoot("image-placeholder")
