"""Past one machine, with what PostgreSQL itself provides: a primary and a streaming
replica made by `pg_basebackup -R` from the embedded binaries. The archive runs with
DATABASE_URL on the primary and DATABASE_REPLICA_URLS listing a replica that is down and
the real one: an article imported on the primary is found by a search that the replica
answers, the primary being stopped by then; the down replica is skipped."""

import json
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote

import pytest

from tests.clusters import Clusters
from tests.paths import ROOT
from tests.workers import stop, wait_for

NEW_ARTICLE = (
    "---\ntitle: 青鸾大模型在上海发布\ndate: 2026-11-30\n---\n\n青鸾团队今天发布了新的大模型，引来不少关注。\n"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def servers():
    clusters = Clusters()
    yield clusters
    clusters.close()


def manage(env, *args):
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def search(base: str, query: str) -> dict:
    with urllib.request.urlopen(f"{base}/api/search?q={quote(query)}", timeout=20) as response:
        return json.load(response)


def test_searches_are_answered_by_the_replica_and_see_an_article_imported_on_the_primary(servers, tmp_path):
    primary = servers.new("primary").init().start()
    with primary.connect("postgres") as conn:
        conn.execute("CREATE DATABASE newsarchive")
    replica = servers.new("replica").copy_of(primary).start()
    down = servers.new("down")  # never started: its socket does not exist
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": primary.url(),
        "DATABASE_REPLICA_URLS": f"{down.url()},{replica.url()}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    manage(env, "migrate", "--noinput", "-v0")
    port = free_port()
    with open(tmp_path / "web.log", "wb") as log:
        web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsarchive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "--graceful-timeout", "3"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(base), timeout=60, what="the web server")
        assert search(base, "青鸾")["total"] == 0

        (tmp_path / "qingluan.md").write_text(NEW_ARTICLE)
        manage(env, "import_articles", str(tmp_path / "qingluan.md"), "--no-progress")
        started = time.monotonic()
        with replica.connect() as conn:
            wait_for(
                lambda: conn.execute("SELECT count(*) FROM articles_article").fetchone()[0] == 1,
                timeout=30,
                every=0.05,
                what="the replica to replay the import",
            )
        print(f"replica caught up {time.monotonic() - started:.2f} s after the import ended")

        primary.stop()  # from now on only the replica can answer
        found = search(base, "青鸾")
        assert found["total"] == 1
        assert found["results"][0]["title"] == "青鸾大模型在上海发布"
        assert search(base, "大模型")["total"] == 1
        with replica.connect() as conn:
            assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
    finally:
        stop(web)
    assert "Traceback" not in (tmp_path / "web.log").read_text()


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/about/", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False
