"""Metadata as the source gives it: the publisher from the WeChat account line, authors
without prompts, emoji or addresses, the original as a story's canonical version, dates
kept as a day or as a time at its own offset."""

import pytest

from articles.ingest import formats, import_paths
from articles.models import Article
from tests.wechat_posts import STORY, post, write

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("byline", "publisher", "authors", "original"),
    [
        ("原创 张三  示例安全   2024-03-01 17:50", "示例安全", ["张三"], True),
        ("李四 王五  CT Stack 安全社区   2024-03-01 17:50", "CT Stack 安全社区", ["李四", "王五"], False),
        ("安全客   2024-03-01 17:50", "安全客", [], False),
        ("点击关注👉  安全圈   2024-03-01 17:50", "安全圈", [], False),
        ("张三👉  安全圈   2024-03-01 17:50", "安全圈", ["张三"], False),
        ("B站up：赛博老周  安全圈   2024-03-01 17:50", "安全圈", ["赛博老周"], False),
    ],
)
def test_the_account_line_gives_publisher_authors_and_the_original_mark(byline, publisher, authors, original):
    parsed = formats.parse(post("标题", STORY, byline=byline, footer=["文章来源：某网络媒体"]))
    assert (parsed.publisher, parsed.site, parsed.authors, parsed.is_original) == (
        publisher, publisher, authors, original,
    )  # fmt: skip


def test_an_author_credit_in_the_text_that_is_a_prompt_is_no_one():
    parsed = formats.parse(post("标题", ["作者：点击关注→_→", *STORY], byline="安全客   2024-03-01 17:50"))
    assert parsed.authors == []


def _story(tmp_path, name, byline):
    summary = import_paths([write(tmp_path, name, post("路由器固件曝命令注入漏洞", STORY, byline=byline))])
    assert not summary.rejected
    return Article.objects.get(source_path=str(tmp_path / name))


def test_the_original_is_the_canonical_version_whichever_file_comes_first(tmp_path):
    repost = _story(tmp_path, "repost.md", "李四  安全圈   2024-03-01 10:00")  # as rich, and earlier
    original = _story(tmp_path, "original.md", "原创 张三  示例安全   2024-03-01 17:50")
    repost.refresh_from_db()
    assert original.canonical is None and repost.canonical == original


def test_without_an_original_mark_the_earliest_is_canonical(tmp_path):
    later = _story(tmp_path, "later.md", "安全圈   2024-03-03 10:00")
    earlier = _story(tmp_path, "earlier.md", "安全客   2024-03-01 10:00")
    later.refresh_from_db()
    assert earlier.canonical is None and later.canonical == earlier


def test_a_time_keeps_its_own_offset_and_a_day_stays_a_day(tmp_path, client):
    wechat = _story(tmp_path, "wechat.md", "安全客   2024-03-01 17:50")
    write(tmp_path, "berlin.md", "---\ntitle: Berlin\ndate: 2024-05-02T09:30:00+02:00\n---\n" + "\n\n".join(STORY[:1]))
    write(tmp_path, "day.md", "---\ntitle: A day\ndate: 2024-11-14\n---\n" + "\n\n".join(STORY[1:2]))
    import_paths([tmp_path / "berlin.md", tmp_path / "day.md"])
    berlin = Article.objects.get(title="Berlin")
    day = Article.objects.get(title="A day")
    api = {a.pk: client.get(f"/api/articles/{a.pk}").json()["published_at"] for a in (wechat, berlin, day)}
    assert api == {wechat.pk: "2024-03-01T17:50:00+08:00", berlin.pk: "2024-05-02T09:30:00+02:00", day.pk: "2024-11-14"}
    page = client.get(berlin.get_absolute_url()).content.decode()
    assert '<time datetime="2024-05-02T09:30:00+02:00">2024-05-02 09:30</time>' in page
    assert '<time datetime="2024-11-14">2024-11-14</time>' in client.get(day.get_absolute_url()).content.decode()


def test_seed_003_is_dated_the_day_its_source_gives(seeds, client):
    assert client.get(f"/api/articles/{seeds['003'].pk}").json()["published_at"] == "2024-11-14"
    assert '<time datetime="2024-11-14">2024-11-14</time>' in client.get("/").content.decode()
