"""Things in an imported folder that are not plain files: a FIFO (or any special file) is
skipped with its reason instead of hanging the import, and symlinks are resolved so each
file is read once per run, even through a symlinked folder or a link back up the tree."""

import os
import shutil
import signal
import socket

import pytest

from articles.models import Article
from tests.hostile import add_good_files, assert_landed, assert_pages_answer, record_of, run_import
from tests.paths import SEEDS

pytestmark = pytest.mark.django_db(transaction=True)


def _hung(signum, frame):
    raise TimeoutError("the import hung")


def _import_within(seconds, *paths):
    """The import, which must end by itself: a hang fails the test instead of the suite."""
    previous = signal.signal(signal.SIGALRM, _hung)
    signal.alarm(seconds)
    try:
        return run_import(*paths)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_fifo_and_a_socket_are_skipped_with_their_reason(tmp_path, client):
    good = add_good_files(tmp_path)
    os.mkfifo(tmp_path / "pipe.md")
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(tmp_path / "socket.md"))
        out, err = _import_within(60, tmp_path)
    assert "2 rejected" in out
    assert_landed(*good)
    assert "skipped: a named pipe (FIFO), not a regular file" in record_of("pipe.md").message
    assert "skipped: a socket, not a regular file" in record_of("socket.md").message
    assert f"rejected {tmp_path / 'pipe.md'}: skipped: a named pipe (FIFO)" in err
    assert_pages_answer(client)


def test_a_fifo_named_on_the_command_line_is_skipped_too(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    out, _ = _import_within(60, tmp_path / "pipe.txt")
    assert "1 files read: 0 new, 0 updated, 0 unchanged, 0 duplicate, 1 rejected" in out


def test_files_reached_through_symlinks_are_read_once(tmp_path, client):
    news = tmp_path / "news"
    news.mkdir()
    good = add_good_files(news)
    (tmp_path / "also-news").symlink_to(news, target_is_directory=True)
    (news / "loop").symlink_to(tmp_path, target_is_directory=True)  # a link back up the tree
    (news / "link-to-a-file.txt").symlink_to(news / good[0])
    shutil.copy(SEEDS / "000_9beeb652d9d13dcb.txt", tmp_path / "top.txt")

    out, _ = _import_within(120, tmp_path, tmp_path / "also-news", news / good[1])
    assert "3 files read: 3 new" in out
    assert Article.objects.count() == 3
    assert sorted(Article.objects.values_list("source_path", flat=True)) == sorted(
        [str(news / good[0]), str(news / good[1]), str(tmp_path / "top.txt")]
    )
    assert_pages_answer(client)
