"""Settings come from the environment; the database is PostgreSQL, embedded or named."""

import os
import subprocess
import sys

from django.db import connection

from tests.paths import ROOT


def run_python(code, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "HTTPS")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


SHOW_DB = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='newsarchive.settings'; django.setup();"
    "from django.conf import settings; from django.db import connection;"
    "print(settings.DATABASES['default']['HOST']); print(settings.DEBUG);"
    "print(connection.cursor().connection.info.server_version >= 140000)"
)


def test_tests_run_on_postgresql():
    assert connection.vendor == "postgresql"


def test_without_database_url_the_embedded_server_is_used():
    result = run_python(SHOW_DB)
    assert result.returncode == 0, result.stderr
    host, debug, modern = result.stdout.split()
    assert host == str(ROOT / "var" / "pgdata")
    assert debug == "False"
    assert modern == "True"


def test_database_url_names_any_postgresql():
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST'].replace('/', '%2F')}:{settings['PORT']}/newsarchive"
    result = run_python(SHOW_DB, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == settings["HOST"]


def test_debug_is_off_unless_asked_for():
    assert run_python(SHOW_DB, DEBUG="true").stdout.split()[1] == "True"
    assert run_python(SHOW_DB).stdout.split()[1] == "False"


def test_a_missing_secret_key_refuses_to_start(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    environment["ENV_FILE"] = str(tmp_path / "no.env")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_deploy_check_is_clean_in_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **os.environ,
            "DEBUG": "false",
            "HTTPS": "true",
            "SECRET_KEY": "x" * 30 + "-production-key-" + "y" * 30,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
