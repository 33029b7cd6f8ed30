"""Files too big to be articles: the size is checked before the file is read, the text
before it is indexed, and a text PostgreSQL could not index is refused with a reason a
person understands — never after minutes of work, never with the database's raw error."""

import random
import time

import pytest

from articles.models import Article
from tests.hostile import add_good_files, assert_landed, assert_pages_answer, record_of, run_import

pytestmark = pytest.mark.django_db


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path, client):
    good = add_good_files(tmp_path)
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(50_000_000)  # sparse: reading it would take seconds, refusing it none
    started = time.monotonic()
    out, _ = run_import(tmp_path)
    assert time.monotonic() - started < 60
    assert "1 rejected" in out
    assert_landed(*good)
    assert record_of("huge.txt").message == (
        "the file is 50.0 MB, more than the limit of 10.0 MB (IMPORT_MAX_FILE_BYTES)"
    )
    assert_pages_answer(client)


def test_the_file_size_limit_comes_from_the_settings(tmp_path, settings):
    settings.IMPORT_MAX_FILE_BYTES = 2_000
    (tmp_path / "long.txt").write_text("一段正文。" * 1_000, encoding="utf-8")
    run_import(tmp_path)
    assert "the limit of 0.0 MB (IMPORT_MAX_FILE_BYTES)" in record_of("long.txt").message
    assert not Article.objects.exists()


def test_a_text_longer_than_the_limit_is_refused_with_the_setting_named(tmp_path, settings, client):
    settings.IMPORT_MAX_TEXT_CHARS = 20_000
    good = add_good_files(tmp_path)
    (tmp_path / "long.md").write_text("# 很长的文章\n\n" + "安全研究人员发现了漏洞。\n\n" * 3_000, encoding="utf-8")
    out, _ = run_import(tmp_path)
    assert_landed(*good)
    assert record_of("long.md").message.startswith(
        "the article's text is 41,998 characters, more than the limit of 20,000"
    )
    assert "IMPORT_MAX_TEXT_CHARS" in record_of("long.md").message
    assert_pages_answer(client)


def test_a_text_with_more_distinct_words_than_the_index_holds_is_refused_plainly(tmp_path, client):
    """Random Han characters: every bigram differs, so 200,000 characters (under the text
    limit) make more than PostgreSQL's 1 MB of lexemes in one tsvector."""
    good = add_good_files(tmp_path)
    chance = random.Random(13)
    text = "".join(chr(chance.randrange(0x4E00, 0x9FA5)) for _ in range(200_000))
    (tmp_path / "noise.txt").write_text("噪声\n\n" + text, encoding="utf-8")
    out, _ = run_import(tmp_path)
    assert_landed(*good)
    message = record_of("noise.txt").message
    assert message.startswith("the text holds too many distinct words for PostgreSQL's full-text index")
    assert "string is too long" not in message
    assert_pages_answer(client)
