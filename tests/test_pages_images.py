"""Article images come from the archive, never from the source site: a local store
filled by `fetch_images`, served at /media/images/<key>, a placeholder until then.
The fetcher is tested against a real HTTP server on this machine (there is no internet)."""

import http.server
import re
import threading

import pytest
from django.core.management import call_command

from articles import images
from tests.pages_data import article

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PAGES = {"/photo.png": (200, "image/png", PNG), "/page.html": (200, "image/png", b"<html>not an image</html>")}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        status, kind, body = PAGES.get(self.path, (404, "text/plain", b"gone"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def image_host():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _story(host):
    body = "<p>图一</p>" + "".join(
        f'<img src="{host}/{name}" alt="图">' for name in ("photo.png", "page.html", "gone.jpg")
    )
    return article("有图的文章", "图一", body_html=body)


def _image_sources(client, story) -> list[str]:
    html = client.get(story.get_absolute_url()).content.decode()
    return re.findall(r'<img[^>]*\ssrc="([^"]+)"', html)


def test_the_page_never_loads_an_image_from_the_source_site(client, image_host):
    story = _story(image_host)
    sources = _image_sources(client, story)
    assert len(sources) == 3
    assert all(re.fullmatch(r"/media/images/[0-9a-f]{40}", src) for src in sources), sources
    assert image_host not in client.get(story.get_absolute_url()).content.decode()


def test_imported_articles_show_their_images_from_the_archive(client, seeds):
    html = client.get(seeds["000"].get_absolute_url()).content.decode()
    sources = re.findall(r'<img[^>]*\ssrc="([^"]+)"', html)
    assert len(sources) >= 5 and all(src.startswith("/media/images/") for src in sources)
    assert "36krcdn.com" not in html


def test_a_missing_image_is_a_placeholder_that_says_so(client, image_host):
    [src, *_] = _image_sources(client, _story(image_host))
    response = client.get(src)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert "图片尚未下载" in response.content.decode() and response["Cache-Control"] == "no-cache"
    assert client.get("/media/images/not-a-key").status_code == 404


def test_fetch_images_stores_the_images_and_the_page_then_shows_them(client, image_host, capsys):
    story = _story(image_host)
    call_command("fetch_images")
    out, err = capsys.readouterr()
    assert "images: 1 stored, 0 already there, 2 failed" in out
    assert f"failed {image_host}/page.html: not a PNG, JPEG, GIF, WebP, AVIF or BMP image" in err
    assert f"failed {image_host}/gone.jpg: HTTP Error 404" in err

    photo, page, gone = _image_sources(client, story)
    response = client.get(photo)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content == PNG and "immutable" in response["Cache-Control"]
    assert "图片尚未下载" in client.get(page).content.decode() and "图片尚未下载" in client.get(gone).content.decode()

    call_command("fetch_images")
    assert "images: 0 stored, 1 already there, 2 failed" in capsys.readouterr().out


def test_strict_fetching_fails_when_an_image_could_not_be_fetched(image_host):
    _story(image_host)
    with pytest.raises(Exception, match="2 image"):
        call_command("fetch_images", "--strict")


def test_an_image_server_that_lies_about_the_type_is_not_believed():
    assert images.content_type(PNG) == "image/png"
    assert images.content_type(b"<svg onload=alert(1)>") is None
    assert images.content_type(b"GIF89a....") == "image/gif"
