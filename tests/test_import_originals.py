"""Nothing is lost: each imported file's bytes are kept with its article, through Django's
storage, and staff can download them from the article page."""

import hashlib

import pytest
from django.core.files.storage import default_storage

from articles.ingest import import_paths
from articles.models import Article
from tests.wechat_posts import STORY, post, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path):
    data = post("路由器固件曝命令注入漏洞", STORY, footer=["**往期推荐**", "长按识别二维码关注我们"]).encode("gb18030")
    path = tmp_path / "post.md"
    path.write_bytes(data)
    assert not import_paths([path]).rejected
    return Article.objects.get(source_path=str(path)), data


def test_the_original_bytes_are_kept_in_the_storage(imported):
    article, data = imported
    assert article.original.name.startswith("originals/")
    with default_storage.open(article.original.name, "rb") as stored:
        assert stored.read() == data  # GB18030 as it came, not the decoded text
    assert article.file_hash == hashlib.sha256(data).hexdigest()


def test_staff_download_the_original_from_the_article_page(imported, admin_client):
    article, data = imported
    page = admin_client.get(article.get_absolute_url()).content.decode()
    assert f"/articles/{article.pk}/original" in page and "下载原始文件" in page
    response = admin_client.get(f"/articles/{article.pk}/original")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert 'filename="post.md"' in response["Content-Disposition"]


def test_readers_see_no_download_and_cannot_fetch_it(imported, client):
    article, _ = imported
    assert "下载原始文件" not in client.get(article.get_absolute_url()).content.decode()
    assert client.get(f"/articles/{article.pk}/original").status_code == 302  # to the admin login


def test_the_removed_parts_are_shown_on_request_and_in_the_admin(imported, client, admin_client):
    article, _ = imported
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<details class="removed"' in page and "长按识别二维码关注我们" in page
    admin = admin_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "removed by the cleaning" in admin.lower() and "长按识别二维码关注我们" in admin


def test_a_dry_run_keeps_nothing(tmp_path):
    path = write(tmp_path, "dry.md", post("试运行", STORY))
    import_paths([path], dry_run=True)
    assert not default_storage.exists("originals") or not default_storage.listdir("originals")[0]
