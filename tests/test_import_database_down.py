"""PostgreSQL stopped in the middle of an import: the import stops at the first file that
finds it gone, with a summary of what landed and how to resume, and a re-run resumes.
A killed import's run is marked interrupted, never left "running" forever.

The first test runs against a PostgreSQL server of its own (the embedded binaries, in a
temporary folder), because it stops that server; the suite's server keeps running."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from articles.models import Article, ImportRun
from newsarchive.embedded_db import database_settings, stop
from tests.paths import ROOT, SEEDS

COPIES = 80


def _url(db: dict) -> str:
    host = quote(db["HOST"] or "localhost", safe="")
    return f"postgres://{quote(db['USER'])}:{quote(db.get('PASSWORD') or '')}@{host}:{db['PORT']}/{db['NAME']}"


def _command(url: str, *args):
    env = {**os.environ, "DATABASE_URL": url, "CONN_MAX_AGE": "0"}
    return [sys.executable, "manage.py", *map(str, args)], env


def _many_files(folder: Path) -> Path:
    for n in range(COPIES):
        seed = sorted(SEEDS.iterdir())[n % 5]
        text = seed.read_text(encoding="utf-8").replace("。", f"。第{n}号。")
        (folder / f"{n:04}_{seed.name}").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def own_server():
    """A PostgreSQL server for this test alone, migrated; its URL and data folder."""
    folder = Path(tempfile.mkdtemp(prefix="newsarchive-down-"))
    pgdata = folder / "pgdata"
    url = _url(database_settings(pgdata, "down"))
    args, env = _command(url, "migrate", "-v0")
    subprocess.run(args, env=env, cwd=ROOT, check=True, capture_output=True)
    yield url, pgdata, folder
    if (pgdata / "postmaster.pid").exists():
        stop(pgdata)
    shutil.rmtree(folder, ignore_errors=True)


def _start_again(pgdata: Path) -> None:
    """The server started again, from a fresh process (the embedded server's handle in
    this one still believes it runs)."""
    code = f"import pathlib, newsarchive.embedded_db as db; db.database_settings(pathlib.Path({str(pgdata)!r}))"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)


def _articles(url: str) -> int:
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute("SELECT count(*) FROM articles_article").fetchone()[0]


def test_stopping_postgresql_mid_import_stops_it_with_a_summary_and_a_rerun_resumes(own_server):
    url, pgdata, folder = own_server
    files = _many_files(Path(tempfile.mkdtemp(dir=folder)))
    args, env = _command(url, "import_articles", files, "--no-progress")
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while _articles(url) < 10 and time.monotonic() < deadline:
        time.sleep(0.1)
    stop(pgdata)
    out, err = process.communicate(timeout=120)

    assert process.returncode != 0
    assert "Traceback" not in err
    assert "stopped: the database stopped answering" in err
    assert "landed before the stop and are kept" in err
    assert "Run the same command again once the database is back" in err
    assert err.count("rejected ") <= 1, "one file at most finds the database gone"
    assert "files read:" in out

    _start_again(pgdata)
    landed = _articles(url)
    assert 10 <= landed < COPIES
    again = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert f"{landed} unchanged" in again.stdout
    assert _articles(url) == COPIES
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        statuses = [row[0] for row in conn.execute("SELECT status FROM articles_importrun ORDER BY id")]
    assert statuses == ["interrupted", "finished"]


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_marks_its_run_interrupted(tmp_path):
    files = _many_files(tmp_path)
    args, env = _command(_url(connection.settings_dict), "import_articles", files, "--no-progress")
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while Article.objects.count() < 5 and time.monotonic() < deadline:
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode != 0
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.INTERRUPTED and run.finished_at is not None
    assert 0 < run.stats["new"] + run.stats["duplicate"] < COPIES


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_process_is_gone_is_marked_interrupted_by_the_next_import(tmp_path):
    import socket

    from articles.ingest import import_paths

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = ImportRun.objects.create(arguments="old", host=socket.gethostname(), pid=int(gone.stdout))
    elsewhere = ImportRun.objects.create(arguments="other machine", host="another-host", pid=int(gone.stdout))
    shutil.copy(SEEDS / "004_4d2cc72df5aa22cc.txt", tmp_path / "a.txt")
    import_paths([tmp_path])
    abandoned.refresh_from_db()
    elsewhere.refresh_from_db()
    assert abandoned.status == ImportRun.Status.INTERRUPTED
    assert elsewhere.status == ImportRun.Status.RUNNING  # its process may well be alive there
    assert ImportRun.objects.latest("pk").status == ImportRun.Status.FINISHED
