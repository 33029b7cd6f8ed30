"""Reads on streaming replicas, everything else on the primary.

A request may read from a replica only when it cannot write and reads nothing it has just
written: a GET or HEAD outside the admin and the import pages (ReplicaReads decides, per
request). Then the archive's own tables (articles) are read from a replica that answers;
sessions, users and the task queue always stay on the primary, so a login is never lost
to replication lag. Commands, workers and every other request use the primary only: the
import reads inside its own transactions.

A replica that cannot be reached is skipped for REPLICA_RETRY_SECONDS (connecting to a
down server would otherwise cost every request the connect timeout), and with none
left the primary answers.
"""

import contextvars
import itertools
import time

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA_RETRY_SECONDS = 30
_PRIMARY_ONLY_PATHS = ("/admin/", "/import/")
_REPLICATED_APPS = {"articles"}

_read_from = contextvars.ContextVar("read_from", default=None)
_down_until: dict[str, float] = {}
_turns = itertools.count()


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def choose_replica() -> str | None:
    """An alias of a replica that answers now, or None."""
    candidates = replicas()
    if not candidates:
        return None
    start = next(_turns) % len(candidates)  # in turn, so that the readers spread over the replicas
    candidates = candidates[start:] + candidates[:start]
    now = time.monotonic()
    for alias in candidates:
        if _down_until.get(alias, 0) > now:
            continue
        try:
            connections[alias].ensure_connection()
            return alias
        except DatabaseError:
            connections[alias].close()
            _down_until[alias] = now + REPLICA_RETRY_SECONDS
    return None


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = _read_from.get()
        if alias and model._meta.app_label in _REPLICATED_APPS:
            return alias
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class ReplicaReads:
    """WSGI middleware (newsarchive/wsgi.py): lets the router read from a replica for the
    length of a read-only request. It wraps Django's whole handler, so the work done on
    request_started (the gazetteer's freshness check before a search) reads there too."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
        if not replicas() or method not in ("GET", "HEAD") or path.startswith(_PRIMARY_ONLY_PATHS):
            return self.application(environ, start_response)
        token = _read_from.set(choose_replica())
        try:
            # The body is built before it is returned (Django's responses are not lazy
            # here), so nothing reads after the reset.
            return self.application(environ, start_response)
        finally:
            _read_from.reset(token)
