"""Encodings and line ends are detected, not assumed: every copy imports to the same text."""

import pytest

from articles.ingest import import_paths
from articles.models import Article
from tests.paths import SEEDS

pytestmark = pytest.mark.django_db

FRONT_MATTER = SEEDS / "000_9beeb652d9d13dcb.txt"
SCRAPED_SIMPLIFIED = SEEDS / "002_0447b45a3d84e171.txt"
SCRAPED_TRADITIONAL = SEEDS / "003_4be8cc1ea2574548.txt"
PLAIN_TRADITIONAL = SEEDS / "004_4d2cc72df5aa22cc.txt"


def _imported(path):
    summary = import_paths([path])
    assert not summary.rejected, summary.rejected
    return Article.objects.get(source_path=str(path))


@pytest.mark.parametrize(
    "seed, encoding",
    [
        (SCRAPED_SIMPLIFIED, "gb18030"),
        (FRONT_MATTER, "gb18030"),
        (SCRAPED_TRADITIONAL, "big5hkscs"),  # Big5 with the HKSCS characters the seed uses (裏)
        (SCRAPED_TRADITIONAL, "utf-16"),
        (SCRAPED_SIMPLIFIED, "utf-16-le"),
        (PLAIN_TRADITIONAL, "utf-8-sig"),
    ],
)
def test_a_copy_in_another_encoding_imports_to_the_same_text(tmp_path, seed, encoding):
    text = seed.read_text(encoding="utf-8")
    copy = tmp_path / f"{seed.stem}.{encoding}.txt"
    copy.write_bytes(text.encode(encoding))
    original = _imported(seed)
    converted = _imported(copy)
    assert (converted.title, converted.text, converted.site) == (original.title, original.text, original.site)
    assert converted.published_at == original.published_at


def test_crlf_line_ends_import_to_the_same_text(tmp_path):
    for seed in (SCRAPED_TRADITIONAL, FRONT_MATTER):
        copy = tmp_path / f"{seed.stem}.crlf.txt"
        copy.write_bytes(seed.read_bytes().replace(b"\n", b"\r\n"))
        original, converted = _imported(seed), _imported(copy)
        assert (converted.title, converted.text, converted.editors) == (original.title, original.text, original.editors)
        assert "\r" not in converted.text
