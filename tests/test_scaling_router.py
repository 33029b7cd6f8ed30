"""Which database a request reads from: read-only requests read the archive from a
replica; writes, the admin, the import pages and sessions use the primary. (Skipping a
replica that is down is proven on real servers in test_scaling_replica.py.)"""

import pytest
from django.contrib.sessions.models import Session
from django.db import router

from articles.models import Article
from newsarchive import db_router

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def one_replica(settings, monkeypatch):
    settings.DATABASES = {**settings.DATABASES, "replica1": settings.DATABASES["default"]}
    monkeypatch.setattr(db_router, "choose_replica", lambda: "replica1")


def read_from(method: str, path: str) -> dict:
    seen = {}

    def application(environ, start_response):
        seen["articles"] = router.db_for_read(Article)
        seen["sessions"] = router.db_for_read(Session)
        seen["writes"] = router.db_for_write(Article)
        return []

    db_router.ReplicaReads(application)({"REQUEST_METHOD": method, "PATH_INFO": path}, None)
    return seen


@pytest.mark.parametrize("path", ["/", "/search/", "/api/search", "/articles/1/", "/people/1/feed/"])
def test_a_read_only_request_reads_the_archive_from_a_replica(one_replica, path):
    assert read_from("GET", path) == {"articles": "replica1", "sessions": "default", "writes": "default"}


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/script/"), ("POST", "/search/"), ("GET", "/admin/"), ("GET", "/import/3/")]
)
def test_writes_the_admin_and_the_import_read_from_the_primary(one_replica, method, path):
    assert read_from(method, path)["articles"] == "default"


def test_with_no_replica_answering_the_primary_answers(one_replica, monkeypatch):
    monkeypatch.setattr(db_router, "choose_replica", lambda: None)
    assert read_from("GET", "/api/search")["articles"] == "default"


def test_commands_and_workers_read_from_the_primary(one_replica):
    assert router.db_for_read(Article) == "default"


def test_migrations_run_on_the_primary_only():
    assert db_router.ReplicaRouter().allow_migrate("replica1", "articles") is False
    assert db_router.ReplicaRouter().allow_migrate("default", "articles") is True
