"""Picture posts (图片文章): images and little or no text are imported and flagged, shown
with a badge, filtered on browse and search, and indexed by their title only."""

import pytest

from articles import search
from articles.ingest import import_paths
from articles.models import Article
from tests.wechat_posts import STORY, post, write

pytestmark = pytest.mark.django_db

PICTURES = ["![](https://images.example.cn/poster-1.png)", "![](https://images.example.cn/poster-2.png)"]


@pytest.fixture
def archive(tmp_path):
    write(tmp_path, "poster.md", post("年终安全大会海报合集", PICTURES))
    write(tmp_path, "story.md", post("路由器固件曝命令注入漏洞", STORY))
    summary = import_paths([tmp_path])
    return summary, {a.source_file: a for a in Article.objects.all()}


def test_a_picture_post_is_imported_and_flagged_not_rejected(archive):
    summary, articles = archive
    assert summary.counts["rejected"] == 0 and summary.counts["new"] == 2
    poster = articles["poster.md"]
    assert poster.image_only and not articles["story.md"].image_only
    assert poster.body_html.count("<img") == 2 and poster.text == ""


def test_it_is_found_by_its_title_only(archive):
    assert search.search("海报合集").total == 1
    assert search.search("命令注入").total == 1


def test_browse_shows_the_badge_and_filters_by_kind(archive, client):
    _, articles = archive
    page = client.get("/").content.decode()
    assert page.count('class="badge image-only"') == 1 and "图片文章" in page
    only = client.get("/?kind=images").content.decode()
    assert "年终安全大会海报合集" in only and "路由器固件曝命令注入漏洞" not in only
    without = client.get("/?kind=text").content.decode()
    assert "年终安全大会海报合集" not in without and "路由器固件曝命令注入漏洞" in without
    assert "图片文章" in client.get(articles["poster.md"].get_absolute_url()).content.decode()


def test_search_filters_by_kind_and_a_bad_kind_is_explained(archive, client):
    assert search.search("漏洞", search.parse_filters({"kind": "images"})).total == 0
    assert search.search("漏洞", search.parse_filters({"kind": "text"})).total == 1
    response = client.get("/api/search", {"q": "漏洞", "kind": "video"})
    assert response.status_code == 400 and "kind" in response.json()["error"]


def test_a_file_with_nothing_at_all_is_still_rejected(tmp_path):
    summary = import_paths([write(tmp_path, "empty.md", "\n\n   \n")])
    assert summary.counts["rejected"] == 1
