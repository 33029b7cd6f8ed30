"""The archive's own copy of article images.

Pages never load an image from the site an article came from (those links break, and
each request tells the source who is reading what): an image is shown from
/media/images/<key>, where <key> is a hash of its original address, out of the default
storage (MEDIA_ROOT/images/). `fetch_images` (the command) downloads the images that
are missing; until then the address answers with a placeholder that says so.

Only raster images are kept (PNG, JPEG, GIF, WebP, AVIF, BMP, recognised by their first
bytes, whatever the server claims): an SVG can carry script, and anything else is not an
image. Downloads are bounded in size and time.
"""

import hashlib
import re
import urllib.request
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

FOLDER = "images"
KEY = re.compile(r"^[0-9a-f]{40}$")
MAX_BYTES = 15 * 1024 * 1024
TIMEOUT_SECONDS = 20
USER_AGENT = "newsarchive image fetcher"
_SRC = re.compile(r'<img\b[^>]*?\bsrc="([^"]+)"', re.IGNORECASE)
# First bytes of each kept format -> its content type.
_SIGNATURES = [
    (re.compile(rb"^\x89PNG\r\n\x1a\n"), "image/png"),
    (re.compile(rb"^\xff\xd8\xff"), "image/jpeg"),
    (re.compile(rb"^GIF8[79]a"), "image/gif"),
    (re.compile(rb"^RIFF....WEBP", re.DOTALL), "image/webp"),
    (re.compile(rb"^....ftypavi[fs]", re.DOTALL), "image/avif"),
    (re.compile(rb"^BM"), "image/bmp"),
]


def image_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]


def local_url(url: str) -> str:
    """Where the archive serves the image first published at `url`."""
    return reverse("image", args=[image_key(url)])


def _path(key: str) -> str:
    return f"{FOLDER}/{key}"


def content_type(data: bytes) -> str | None:
    """The type of a kept image format, from its first bytes; None for anything else."""
    return next((kind for signature, kind in _SIGNATURES if signature.match(data[:16])), None)


def stored(key: str) -> tuple[bytes, str] | None:
    """(bytes, content type) of a stored image, or None when it was never fetched."""
    if not KEY.match(key) or not default_storage.exists(_path(key)):
        return None
    with default_storage.open(_path(key), "rb") as stored_file:
        data = stored_file.read()
    kind = content_type(data)
    return (data, kind) if kind else None


def image_urls(article) -> list[str]:
    """The original addresses of the images an article shows, cover first."""
    found = [article.cover_image] if article.cover_image else []
    found += [src.replace("&amp;", "&") for src in _SRC.findall(article.body_html or "")]
    return list(dict.fromkeys(url for url in found if url.startswith(("https://", "http://"))))


@dataclass
class Fetched:
    url: str
    status: str  # "stored", "present" or "failed"
    reason: str = ""


def fetch(url: str, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    """Download the image at `url` into the store unless it is there already."""
    key = image_key(url)
    if default_storage.exists(_path(key)):
        return Fetched(url, "present")
    if not url.startswith(("https://", "http://")):
        return Fetched(url, "failed", "not a web address")
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/https only, above)
            data = response.read(MAX_BYTES + 1)
    except (OSError, ValueError) as error:  # URLError, HTTPError, timeouts and bad URLs are all OSError/ValueError
        return Fetched(url, "failed", str(error))
    if len(data) > MAX_BYTES:
        return Fetched(url, "failed", f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    if content_type(data) is None:
        return Fetched(url, "failed", "not a PNG, JPEG, GIF, WebP, AVIF or BMP image")
    default_storage.save(_path(key), ContentFile(data))
    return Fetched(url, "stored")


def fetch_for(articles, report=lambda fetched: None, timeout: float = TIMEOUT_SECONDS) -> dict[str, int]:
    """Fetch every missing image of `articles`; the count of each outcome."""
    counts = {"stored": 0, "present": 0, "failed": 0}
    seen = set()
    for article in articles.only("id", "cover_image", "body_html").iterator(chunk_size=200):
        for url in image_urls(article):
            if url not in seen:
                seen.add(url)
                fetched = fetch(url, timeout)
                counts[fetched.status] += 1
                report(fetched)
    return counts
