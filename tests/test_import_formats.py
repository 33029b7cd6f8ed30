"""Formats detected by content: WeChat Markdown and whole HTML pages, hostile HTML made harmless."""

import datetime
import shutil
from zoneinfo import ZoneInfo

import pytest

from articles.ingest import import_paths
from articles.models import Article
from tests.paths import FIXTURES

pytestmark = pytest.mark.django_db

IMPORT = FIXTURES / "import"


def _import(tmp_path, fixture, name):
    shutil.copy(IMPORT / fixture, tmp_path / name)
    summary = import_paths([tmp_path / name])
    assert not summary.rejected, summary.rejected
    return Article.objects.get(source_path=str(tmp_path / name))


def test_wechat_markdown_gives_title_authors_account_date_and_original_link(tmp_path):
    article = _import(tmp_path, "wechat_original.md", "no-extension")
    assert article.title == "示例安全周报：某开源组件修复高危漏洞"
    assert article.authors == ["李雷", "韩梅梅"]
    assert article.site == "示例安全实验室"
    assert article.published_at == datetime.datetime(2024, 3, 1, 17, 50, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert article.url == "https://mp.weixin.qq.com/s/example-original-link"


def test_wechat_images_stay_images_and_the_banner_gif_is_not_the_cover(tmp_path):
    article = _import(tmp_path, "wechat_original.md", "wechat.md")
    assert article.cover_image == "https://images.example.cn/mmbiz_png/figure-one/640?wx_fmt=png"
    assert article.body_html.count("<img") == 2
    assert 'referrerpolicy="no-referrer"' in article.body_html
    assert "images.example.cn" not in article.text and "![" not in article.text and "**" not in article.text
    assert article.text.startswith("本周，某开源组件发布安全更新")
    assert "影响版本：1.0 至 1.4" in article.text


def test_wechat_calls_to_follow_and_the_list_of_other_posts_are_dropped(tmp_path):
    article = _import(tmp_path, "wechat_original.md", "wechat.md")
    for junk in ("关注我们", "推荐阅读", "上周安全周报", "扫码"):
        assert junk not in article.text and junk not in article.body_html
    assert article.text.endswith("更多细节请参见厂商公告。")


def test_html_page_with_script_event_handlers_and_javascript_links_renders_harmless(tmp_path, client):
    article = _import(tmp_path, "hostile.html", "page.txt")
    assert article.title == "一篇带有恶意脚本的文章"
    assert article.site == "示例站"
    assert article.url == "https://example.com/articles/42"
    for harmful in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "style="):
        assert harmful not in article.body_html.lower()
    assert '<img src="https://example.com/photo.jpg"' in article.body_html
    assert "首页" not in article.text and "版权所有" not in article.text
    assert "document.cookie" not in article.text and "正文第一段" in article.text

    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    shown = page.content.decode()
    assert "正文第一段" in shown
    for harmful in ("evil.example", "alert(", "onerror=", "javascript:"):
        assert harmful not in shown


def test_plain_markdown_with_a_heading_gives_title_date_credits_and_clean_text(tmp_path):
    article = _import(tmp_path, "plain_markdown.md", "post.txt")
    assert article.title == "示例：一篇普通的 Markdown 文章"
    assert article.published_at == datetime.datetime(2024, 3, 6, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert article.authors == ["张三"]
    assert "这是第一段，介绍一个开源项目的新版本。" in article.text
    assert "#" not in article.text and "**" not in article.text and "arch.png" not in article.text
    assert '<img src="https://example.com/arch.png"' in article.body_html
    assert "<strong>第一段</strong>" in article.body_html and "<li>支持增量索引</li>" in article.body_html


def test_markdown_with_raw_html_keeps_its_blocks_apart_and_drops_spacer_paragraphs(tmp_path):
    (tmp_path / "mixed.md").write_text(
        "# 混排的文章\n\n<section><p>三、修复建议</p></section>\n\n"
        "目前，官方已经发布补丁。\n\n&nbsp;\n\n**注意**：请尽快升级。\n",
        encoding="utf-8",
    )
    assert not import_paths([tmp_path / "mixed.md"]).rejected
    article = Article.objects.get(source_path=str(tmp_path / "mixed.md"))
    assert "三、修复建议\n\n目前，官方已经发布补丁。\n\n注意：请尽快升级。" in article.text
    assert "<strong>注意</strong>" in article.body_html
    assert "&nbsp;" not in article.body_html and "<p></p>" not in article.body_html


def test_a_paragraph_opening_with_a_long_run_of_no_break_spaces_keeps_its_text(tmp_path):
    # WeChat indents with runs of U+00A0; the spacer-paragraph rule once backtracked on them for ever.
    (tmp_path / "indented.md").write_text("# 缩进的文章\n\n" + "\u00a0" * 60 + "正文从这里开始。\n", encoding="utf-8")
    assert not import_paths([tmp_path / "indented.md"]).rejected
    assert "正文从这里开始。" in Article.objects.get(source_path=str(tmp_path / "indented.md")).text
