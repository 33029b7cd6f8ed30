"""`manage.py backup DIR` and `manage.py restore DIR`: a fresh database restored from a
backup is the same archive — the same counts, the same search results, the same media."""

import io
import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.ingest import import_paths
from tests.paths import ROOT, SEEDS
from tests.workers import database_url, environment

pytestmark = pytest.mark.django_db(transaction=True)
QUERIES = ["OpenAI", "奥特曼", "Jason Wei", '"人工智能"', "模型 -OpenAI"]
# What a reader of each database sees: every article table's count and the API's answers.
PROBE = f"""
import io
import json
from django.test import Client
from newsarchive.backup import table_counts
client = Client()
answers = {{q: client.get("/api/search", {{"q": q}}).json() for q in {QUERIES!r}}}
print(json.dumps({{"counts": table_counts(), "search": answers}}, ensure_ascii=False, sort_keys=True))
"""


def probe(url: str, media: Path) -> dict:
    env = environment(DATABASE_URL=url, MEDIA_ROOT=media, ALLOWED_HOSTS="testserver")
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def fresh_database():
    name = f"restore_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_a_fresh_database_gives_the_same_archive(tmp_path, settings, fresh_database):
    call_command("load_entities", verbosity=0)
    assert not import_paths([SEEDS]).rejected
    upload = Path(settings.MEDIA_ROOT) / "uploads" / "batch" / "原文.md"
    upload.parent.mkdir(parents=True)
    upload.write_bytes("# 原文\n\n上传的原始文件。".encode())
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    assert (tmp_path / "backup" / "media" / "uploads" / "batch" / "原文.md").exists()

    restored_url = database_url({**connection.settings_dict, "NAME": fresh_database})
    env = environment(DATABASE_URL=restored_url, MEDIA_ROOT=tmp_path / "restored-media")
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "restored from" in done.stdout

    original = probe(database_url(), Path(settings.MEDIA_ROOT))
    restored = probe(restored_url, tmp_path / "restored-media")
    assert original["counts"]["articles_article"] == 5
    assert all(original["search"][q]["total"] > 0 for q in ["OpenAI", "奥特曼", "Jason Wei"])
    assert restored == original
    assert (tmp_path / "restored-media" / "uploads" / "batch" / "原文.md").read_bytes() == upload.read_bytes()


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(tmp_path / "backup"))


def test_backup_refuses_a_folder_that_holds_files(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path))


def test_restore_says_when_the_folder_holds_no_backup(tmp_path):
    with pytest.raises(CommandError, match="holds no backup"):
        call_command("restore", str(tmp_path))
