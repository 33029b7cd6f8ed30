"""Each seed imports with its metadata and without the junk its scraper left in."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.models import Article, ImportRecord
from articles.text import fold

pytestmark = pytest.mark.django_db
CHINA = ZoneInfo("Asia/Shanghai")


def test_front_matter_article_has_title_date_site_publisher_credits_and_url(seeds):
    article = seeds["000"]
    assert article.title == "Sora为何出自OpenAI？一线员工作息时间线揭秘：我们疯狂地卷"
    assert article.published_at == datetime.datetime(2024, 2, 21, 4, 11, 58, tzinfo=datetime.UTC)
    assert article.site == "36氪"
    assert article.publisher == "机器之心"
    assert article.authors == ["机器之心"]
    assert article.editors == ["泽南", "张倩"]
    assert article.url == "https://www.36kr.com/p/2657737128279171"
    assert article.categories == ["36krai"]


def test_front_matter_images_stay_images_with_their_proxy_unwrapped(seeds):
    article = seeds["000"]
    assert article.cover_image.startswith("https://img.36krcdn.com/hsossms/20240221/")
    assert '<img src="https://img.36krcdn.com/hsossms/' in article.body_html
    assert "cdn.g0f.cn" not in article.body_html
    assert "36krcdn" not in article.text and "[原文]" not in article.text


def test_scraped_page_keeps_the_story_and_drops_navigation_and_teasers(seeds):
    article = seeds["002"]
    assert article.title == "GPT-4o团队引发OpenAI组织创新热议,应届生领衔Sora,本科生带队GPT-1,经验职级都是浮云"
    assert article.site == "量子位"
    assert article.publisher == "量子位"
    assert article.authors == ["白交", "衡宇"]
    for junk in ("- N +", "原标题", "快科技", "微信安全中心", "返回列表", "上一篇", "下一篇", article.title):
        assert junk not in article.text
    # The reprint statement is boilerplate: out of the text, kept among the removed
    # parts, and still read for the publisher and the authors above.
    assert "声明" not in article.text and article.removed.startswith("声明:本文来自微信公众号“量子位”")
    assert article.text.startswith("o亮相没两天")
    assert article.text.endswith("[1]https://x.com/_jasonwei/status/1791192069022810444")


def test_traditional_scraped_page_reads_breadcrumb_date_line_and_editor_as_metadata(seeds):
    article = seeds["003"]
    assert article.title == "OpenAI總裁出走3月終於歸來!Greg結束最長假期專註重大技術挑戰"
    assert article.published_at.astimezone(CHINA).date() == datetime.date(2024, 11, 14)
    assert article.site == "華文星空"
    assert article.categories == ["心靈"]
    assert article.publisher == "新智元"
    assert article.editors == ["編輯部", "HYZ"]
    assert article.script == "hant"
    for junk in ("當前位置", "華文星空 >", "2024-11-14", "編輯:", article.title):
        assert junk not in article.text
    assert article.text.startswith("【新智元導讀】")


def test_glued_pinyin_is_removed_from_title_and_text(seeds):
    article = seeds["004"]
    assert article.title == "硅谷AI研發精英,每周需工作100小時"
    assert "(fā)" not in article.text and "研發精英" not in article.text.split("\n")[0]
    assert "爭奪AGI「圣杯」" in article.text


def test_simplified_and_traditional_copies_are_one_story_with_two_versions(seeds):
    simplified, traditional = seeds["000"], seeds["001"]
    assert simplified.canonical is None
    assert traditional.canonical == simplified
    assert [v.source_file for v in traditional.versions()] == [simplified.source_file]
    assert [v.source_file for v in simplified.versions()] == [traditional.source_file]
    assert traditional.text.startswith("爲什麽是 OpenAI 率先打造出了 Sora?")
    record = ImportRecord.objects.get(path=traditional.source_path)
    assert record.status == ImportRecord.Status.DUPLICATE


def test_untitled_version_takes_its_story_title_in_its_own_script(seeds):
    traditional = seeds["001"]
    assert traditional.title_derived
    assert traditional.title.startswith("Sora爲何出自OpenAI？一線員工作息時間線")
    assert fold(traditional.title) == fold(seeds["000"].title)


def test_unrelated_seeds_stay_separate_stories(seeds):
    assert Article.objects.canonical().count() == 4
