"""Living with the database when it is down, or holds what Python cannot read.

- `is_connection_error()` tells a lost or refused connection from an error of one
  statement: the pages answer 503 for the first (newsarchive.errors), the import stops.
- Timestamps beyond Python's datetime (PostgreSQL's timestamptz reaches year 294276,
  Python's year 9999) are read as None instead of raising: an article stored with an
  absurd date before the import refused them must not take every page down with it.
"""

from django.db import InterfaceError, OperationalError, connection
from django.db.backends.signals import connection_created
from psycopg.adapt import Loader

# SQLSTATE of a connection that failed or was cut, and of a server shutting down.
_CONNECTION_STATES = ("57P01", "57P02", "57P03")


def is_connection_error(error: BaseException) -> bool:
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    state = getattr(error.__cause__, "sqlstate", None) or ""
    if state.startswith("08") or state in _CONNECTION_STATES:
        return True
    raw = connection.connection
    return raw is None or raw.closed


def _tolerant(loader_class):
    """A loader that reads as `loader_class` does, and None where that one raises (its
    classes are compiled: they are wrapped, not subclassed)."""

    class TolerantTimestampLoader(Loader):
        format = loader_class.format
        timezone = getattr(loader_class, "timezone", None)  # what Django checks per cursor

        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._inner = loader_class(oid, context)

        def load(self, data):
            try:
                return self._inner.load(data)
            except Exception:  # psycopg's DataError: "timestamp too large (after year 10K)"
                return None

    return TolerantTimestampLoader


def read_timestamps_tolerantly(sender, connection, **kwargs) -> None:
    """connection_created receiver: every timestamp loader of the new connection returns
    None for a value Python cannot hold (it keeps Django's time zone handling)."""
    adapters = connection.connection.adapters
    for name in ("timestamptz", "timestamp", "date"):
        oid = adapters.types[name].oid
        for text_format in (0, 1):
            loader = adapters.get_loader(oid, text_format)
            if loader and not loader.__name__.startswith("Tolerant"):
                adapters.register_loader(oid, _tolerant(loader))


def install() -> None:
    connection_created.connect(read_timestamps_tolerantly, dispatch_uid="tolerant-timestamps")
