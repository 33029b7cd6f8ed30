"""File names in any bytes: a name that is not UTF-8, or holds control characters, is
reported and stored in a safe form (`\\xNN`), and the batch goes on."""

import os

import pytest

from articles.models import Article, ImportRecord
from tests.hostile import add_good_files, assert_landed, assert_pages_answer, run_import
from tests.paths import SEEDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path):
    good = add_good_files(tmp_path)
    base = os.fsencode(tmp_path)
    for name, seed in (
        (b"bad-\xff.txt", "000_9beeb652d9d13dcb.txt"),
        (b"line\nbreak\x1b[31m.txt", "001_29d8b1582fbb2dff.txt"),
    ):
        with open(base + b"/" + name, "wb") as handle:
            handle.write((SEEDS / seed).read_bytes())
    with open(base + b"/empty-\xfe.txt", "wb"):
        pass
    return tmp_path, good


def test_odd_names_are_stored_and_reported_safely_and_the_batch_goes_on(folder, client):
    path, good = folder
    out, err = run_import(path)
    assert "5 files read: " in out and " 0 updated, 0 unchanged" in out and "1 rejected" in out
    assert_landed(*good, "bad-\\xff.txt", "line\\x0abreak\\x1b[31m.txt")
    assert f"rejected {path}/empty-\\xfe.txt: the file is empty" in err
    assert "\x1b" not in out + err and "Traceback" not in err
    assert ImportRecord.objects.get(path=f"{path}/empty-\\xfe.txt").status == "rejected"
    assert_pages_answer(client)


def test_a_second_run_finds_the_odd_names_unchanged(folder):
    run_import(folder[0])
    out, _ = run_import(folder[0])
    assert "4 unchanged" in out
    assert Article.objects.count() == 4
