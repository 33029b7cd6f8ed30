"""The ImportRun row of an import: started, then finished or marked interrupted.

A run that is stopped (Ctrl-C, a kill, the database gone) marks itself interrupted when
it can. One that could not (killed outright, or the database was down at the end) is
found by the next import on the same machine: its process is gone, so it is marked
interrupted then, instead of staying "running" forever.
"""

import contextlib
import os
import socket

from django.db import DatabaseError, connection
from django.utils import timezone

from articles.models import ImportRun


def start(paths) -> ImportRun:
    _mark_abandoned_runs()
    return ImportRun.objects.create(
        arguments=" ".join(map(str, paths)), host=socket.gethostname()[:200], pid=os.getpid()
    )


def finish(run: ImportRun | None, summary, interrupted: bool) -> None:
    if run is None:
        return
    run.finished_at = timezone.now()
    run.status = ImportRun.Status.INTERRUPTED if interrupted else ImportRun.Status.FINISHED
    run.stats = {**summary.counts, "bytes": summary.bytes, "seconds": round(summary.seconds, 2)}
    if summary.stopped:
        run.stats["stopped"] = summary.stopped
    try:
        run.save(update_fields=["finished_at", "status", "stats"])
    except DatabaseError:
        # Ctrl-C or a kill cancels the statement under way and may leave the connection
        # unusable: a new one is tried. If the database is gone, the next import marks it.
        if not connection.in_atomic_block:
            connection.close()
            with contextlib.suppress(DatabaseError):
                run.save(update_fields=["finished_at", "status", "stats"])


def _mark_abandoned_runs() -> None:
    """Runs of this machine still "running" whose process no longer exists."""
    running = ImportRun.objects.filter(status=ImportRun.Status.RUNNING, host=socket.gethostname()[:200])
    gone = [run.pk for run in running.only("pk", "pid") if not _alive(run.pid)]
    if gone:
        ImportRun.objects.filter(pk__in=gone).update(status=ImportRun.Status.INTERRUPTED)


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process holds the number
    return True
