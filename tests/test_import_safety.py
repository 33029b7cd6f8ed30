"""Workers and kills: the command run for real, as a separate process on a real database."""

import os
import shutil
import signal
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.db import connection

from articles.models import Article, ImportRecord
from tests.paths import ROOT, SEEDS

pytestmark = pytest.mark.django_db(transaction=True)

COPIES = 120


def _environment():
    """The environment of a command that uses this test's database."""
    db = connection.settings_dict
    host = quote(db["HOST"] or "localhost", safe="")
    url = f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}@{host}:{db['PORT']}/{db['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "CONN_MAX_AGE": "0"}


def _command(*args):
    return [sys.executable, "manage.py", "import_articles", *map(str, args)]


@pytest.fixture
def many_files(tmp_path):
    """Distinct stories: each seed's text with a number of its own in every paragraph."""
    for n in range(COPIES):
        seed = sorted(SEEDS.iterdir())[n % 5]
        text = seed.read_text(encoding="utf-8").replace("。", f"。第{n}号。")
        (tmp_path / f"{n:04}_{seed.name}").write_text(text, encoding="utf-8")
    return tmp_path


def test_workers_import_every_file_once(many_files):
    done = subprocess.run(
        _command(many_files, "--workers", "2"), cwd=ROOT, env=_environment(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert f"{COPIES} files read: " in done.stdout
    assert Article.objects.count() == COPIES
    assert ImportRecord.objects.filter(status="rejected").count() == 0


def test_killing_the_import_mid_run_then_running_again_leaves_one_article_per_file(many_files):
    process = subprocess.Popen(
        _command(many_files, "--workers", "2"),
        cwd=ROOT,
        env=_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while Article.objects.count() < COPIES // 4 and time.monotonic() < deadline:
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)  # the command and its workers, mid-transaction
    process.wait()
    landed = Article.objects.count()
    assert 0 < landed < COPIES, "the kill came mid-run"

    again = subprocess.run(_command(many_files), cwd=ROOT, env=_environment(), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    paths = sorted(Article.objects.values_list("source_path", flat=True))
    assert paths == sorted(str(p) for p in many_files.iterdir())
    assert f"{landed} unchanged" in again.stdout
    assert all(a.text and a.search_text for a in Article.objects.all()), "no half-written article"


def test_a_folder_with_the_same_file_twice_by_glob_and_name_imports_it_once(tmp_path, capsys):
    shutil.copy(SEEDS / "004_4d2cc72df5aa22cc.txt", tmp_path / "a.txt")
    from django.core.management import call_command

    call_command("import_articles", str(tmp_path / "*.txt"), str(tmp_path / "a.txt"), "--no-progress")
    assert "1 files read: 1 new" in capsys.readouterr().out


def test_a_file_another_import_stored_meanwhile_is_retried_and_found_unchanged(tmp_path, monkeypatch):
    """The path was free when this import looked, then another import stored the same file
    before this one's INSERT: the unique path sends the file round again, not into a second row."""
    from articles.ingest import import_paths, store

    shutil.copy(SEEDS / "004_4d2cc72df5aa22cc.txt", tmp_path / "a.txt")
    assert import_paths([tmp_path]).counts["new"] == 1
    monkeypatch.setattr(store, "imported", lambda path: None)  # the look taken before the other import committed

    summary = import_paths([tmp_path])
    assert summary.counts["unchanged"] == 1 and not summary.rejected
    assert Article.objects.count() == 1


def _signal_dispositions(paths, *args):
    return [(signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT))]


def test_import_workers_die_at_once_when_the_pool_ends_them(monkeypatch):
    """The command turns SIGTERM into Ctrl-C for itself; its forked workers must not inherit
    that, or one that raises just after taking the pool's queue lock leaves it taken and the
    end of the run waits forever (seen once in a full test run)."""
    from articles.ingest import run

    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)  # as import_articles does
    try:
        monkeypatch.setattr(run, "_import_files", _signal_dispositions)
        in_workers = list(run._outcomes(iter(["a.md", "b.md"]), None, True, False, workers=2))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert in_workers == [(signal.SIG_DFL, signal.SIG_IGN)]
