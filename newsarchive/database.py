"""Living with the database when it is down, or holds what Python cannot read.

- `is_connection_error()` tells a lost or refused connection from an error of one
  statement: the pages answer 503 for the first (newsarchive.errors), the import stops.
- Timestamps beyond Python's datetime (PostgreSQL's timestamptz reaches year 294276,
  Python's year 9999) are read as the end (or start) of Python's calendar instead of
  raising: an article stored with an absurd date before the import refused them must not
  take every page, the admin or the API down with it (and code that reads `.year` of a
  date keeps working, which None would break). Migration 0011 repairs such rows.
"""

import datetime

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


# What an unreadable value is read as, by type: (before year 1, after year 9999); a day
# inside the calendar's ends, so that showing it in any time zone stays inside too.
_FIRST, _LAST = datetime.datetime(1, 1, 2), datetime.datetime(9999, 12, 30)
_ENDS = {
    "timestamptz": (_FIRST.replace(tzinfo=datetime.UTC), _LAST.replace(tzinfo=datetime.UTC)),
    "timestamp": (_FIRST, _LAST),
    "date": (_FIRST.date(), _LAST.date()),
}


def _tolerant(loader_class, ends):
    """A loader that reads as `loader_class` does, and the calendar's end where that one
    raises (its classes are compiled: they are wrapped, not subclassed)."""

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
                return ends[0] if self.format == 0 and bytes(data).endswith(b" BC") else ends[1]

    return TolerantTimestampLoader


def read_timestamps_tolerantly(sender, connection, **kwargs) -> None:
    """connection_created receiver: every timestamp loader of the new connection reads a
    value Python cannot hold as the calendar's end (it keeps Django's time zone handling)."""
    adapters = connection.connection.adapters
    for name, ends in _ENDS.items():
        oid = adapters.types[name].oid
        for text_format in (0, 1):
            loader = adapters.get_loader(oid, text_format)
            if loader and not loader.__name__.startswith("Tolerant"):
                adapters.register_loader(oid, _tolerant(loader, ends))


def install() -> None:
    connection_created.connect(read_timestamps_tolerantly, dispatch_uid="tolerant-timestamps")
