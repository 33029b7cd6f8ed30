"""Backup and restore: the database as one consistent dump, and the media folder whole
(uploaded files and the originals kept with the articles).

pg_dump reads the whole database in one snapshot, so the dump is consistent while the
archive keeps serving and importing. The media folder is copied after the dump: a file
written meanwhile is copied too (harmless), and every file the dump refers to is there.
The programs are the embedded wheel's (PostgreSQL 18, as new as its server) or, for an
external server, the ones on PATH (pg_dump must be at least the server's version).
"""

import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection

from newsarchive.embedded_db import binary

DUMP = "database.dump"
MEDIA = "media"
MANIFEST = "manifest.json"
_COUNTED = ["articles_article", "articles_entity", "articles_alias", "articles_mention", "articles_importrun"]


class BackupError(Exception):
    pass


def backup(folder: Path) -> dict:
    """Write a backup of the archive into `folder` (new or empty); return its manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: a backup goes into a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    _run("pg_dump", "--format=custom", "--no-owner", "--file", str(folder / DUMP), database_name())
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    shutil.copytree(media, folder / MEDIA, symlinks=True)
    manifest = {
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": database_name(),
        "server_version": _server_version(),
        "counts": table_counts(),
        "media_files": sum(1 for path in (folder / MEDIA).rglob("*") if path.is_file()),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def restore(folder: Path) -> dict:
    """Restore the backup in `folder` into the (empty) database of the settings and its
    media into MEDIA_ROOT; return the table counts, checked against the manifest."""
    folder = Path(folder)
    if not (folder / MANIFEST).exists() or not (folder / DUMP).exists():
        raise BackupError(f"{folder} holds no backup (no {MANIFEST} and {DUMP})")
    if tables_in_database():
        raise BackupError(
            f"the database {database_name()} is not empty; restore into a new one "
            "(create it, point DATABASE_URL at it, then run restore before migrate)"
        )
    _run(
        "pg_restore",
        "--no-owner",
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
        database_name(),
        str(folder / DUMP),
    )
    shutil.copytree(folder / MEDIA, Path(settings.MEDIA_ROOT), symlinks=True, dirs_exist_ok=True)
    expected = json.loads((folder / MANIFEST).read_text())["counts"]
    counts = table_counts()
    if counts != expected:
        raise BackupError(f"the restored counts {counts} differ from the backup's {expected}")
    return counts


def _server_version() -> int:
    connection.ensure_connection()
    return connection.connection.info.server_version


def database_name() -> str:
    return connection.settings_dict["NAME"]


def tables_in_database() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
        return cursor.fetchone()[0]


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return {table: _count(cursor, table) for table in _COUNTED}


def _count(cursor, table: str) -> int:
    cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
    return cursor.fetchone()[0]


def _run(program: str, *args) -> None:
    db = connection.settings_dict
    # libpq's own variables: a password never appears on a command line.
    env = {**os.environ, "PGHOST": db["HOST"] or "", "PGPORT": str(db["PORT"] or ""), "PGUSER": db["USER"] or ""}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    done = subprocess.run([binary(program), *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip()[-2000:]}")
