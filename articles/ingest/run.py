"""A whole import: files, folders and globs streamed through the per-file pipeline,
in this process or spread over worker processes, each file in its own transaction.

Every worker runs the complete pipeline for its files (read, decode, parse, clean,
fold, fingerprint, then store: entities, index, versions, ImportRecord), so the CPU
work — segmentation above all — runs on every core, while each file stays one
transaction. Only file names and small outcomes cross between processes, and at most
a few files per worker are in flight, so memory stays flat whatever the corpus size.
"""

import itertools
import multiprocessing
import signal
import time
from collections import deque
from dataclasses import dataclass, field

from django.db import IntegrityError, OperationalError, connection, connections, transaction
from django.db.utils import InterfaceError

from articles.ingest import runs, store
from articles.ingest.errors import DatabaseUnavailable, RejectedFile
from articles.ingest.paths import expand, shown
from articles.ingest.prepare import prepare, read
from articles.text import pos_tag, segment
from newsarchive.database import is_connection_error

Status = store.Status
# Workers take a few files at a time (each still its own transaction): handing files
# over one by one cost the parent process a core's tenth. At most a few are in flight.
_FILES_PER_TASK = 4
_TASKS_IN_FLIGHT_PER_WORKER = 2
# Two workers may race on the same new entity (a unique key, a deadlock): the loser retries.
_RETRIES = 3


@dataclass
class Outcome:
    path: str
    status: str
    message: str = ""
    article_id: int | None = None
    size: int = 0
    # Rejected before, these same bytes: the earlier run's failure, not a new one.
    rejected_before: bool = False


@dataclass
class Summary:
    counts: dict = field(default_factory=lambda: {status: 0 for status in Status.values})
    rejected: list = field(default_factory=list)  # (path, reason)
    rejected_before: int = 0  # of those, files an earlier run rejected with the same bytes
    bytes: int = 0
    seconds: float = 0.0
    run_id: int | None = None
    stopped: str = ""  # why the run stopped before the end (the database went away)
    not_read: int = 0

    @property
    def read(self) -> int:
        return sum(self.counts.values())

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        self.bytes += outcome.size
        if outcome.status == Status.REJECTED:
            self.rejected.append((outcome.path, outcome.message))
            self.rejected_before += outcome.rejected_before

    @property
    def newly_rejected(self) -> int:
        """Files this run rejected that no earlier run had rejected as they are: this run's failures."""
        return len(self.rejected) - self.rejected_before

    def line(self) -> str:
        order = [Status.NEW, Status.UPDATED, Status.UNCHANGED, Status.DUPLICATE, Status.REJECTED]
        counts = ", ".join(f"{self.counts[status]} {status}" for status in order)
        if self.rejected_before:
            counts += f" ({self.rejected_before} of them rejected by an earlier run too)"
        return f"{self.read} files read: {counts} ({self.bytes / 1e6:.1f} MB in {self.seconds:.1f} s)"

    def stop_note(self) -> str:
        """What a person needs after a stopped run: why, what is left, how to resume."""
        landed = sum(self.counts[status] for status in (Status.NEW, Status.UPDATED, Status.DUPLICATE))
        return (
            f"stopped: {self.stopped}\n"
            f"{landed} file(s) landed before the stop and are kept; {self.not_read} file(s) were not imported.\n"
            "Run the same command again once the database is back: files already imported are skipped"
            " as unchanged and the rest are imported."
        )


def import_file(path: str, run_id=None, dry_run: bool = False, force: bool = False) -> Outcome:
    """The whole pipeline for one file; never raises for the file's sake: a failure is a
    rejected outcome. Only a lost database raises (DatabaseUnavailable): no file after it
    could land, so the run stops there. `path` is read as it is and stored as shown()."""
    size, file_hash, name = 0, "", shown(path)
    try:
        data, file_hash = read(path)
        size = len(data)
        known = store.imported(name)
        if known and known[1] == file_hash and not (dry_run or force):
            store.record(run_id, name, Status.UNCHANGED, file_hash=file_hash, article_id=known[0])
            return Outcome(name, Status.UNCHANGED, article_id=known[0], size=size)
        prepared = prepare(name, data, file_hash, store.templates_for)
        del data
        status, message, article_id = _store_with_retries(
            prepared, run_id, force, new_path=known is None, keep_bytes=not dry_run
        )
        return Outcome(name, status, message, article_id, size)
    except RejectedFile as error:
        return _rejected(name, str(error), size, file_hash, run_id)
    except (OperationalError, InterfaceError) as error:
        if is_connection_error(error):
            raise DatabaseUnavailable(f"the database stopped answering ({_first_line(error)})") from None
        return _failed(name, error, size, file_hash, run_id)
    except Exception as error:  # a bug or a database failure on one file must not end the batch
        return _failed(name, error, size, file_hash, run_id)


def _first_line(error) -> str:
    return str(error).strip().split("\n", 1)[0]


def _failed(name, error, size, file_hash, run_id) -> Outcome:
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()  # the next file reconnects if it broke
    return _rejected(name, store.reason_for(error), size, file_hash, run_id)


def _store_with_retries(prepared, run_id, force, new_path, keep_bytes):
    for attempt in range(_RETRIES):
        try:
            return store.store(prepared, run_id, force, new_path=new_path and attempt == 0, keep_bytes=keep_bytes)
        except (IntegrityError, OperationalError) as error:
            if attempt == _RETRIES - 1 or not _race_between_workers(error):
                raise
            time.sleep(0.05 * (attempt + 1))


def _race_between_workers(error) -> bool:
    """A unique key two workers reached at once, or a deadlock: worth another try. Any
    other error would only repeat."""
    state = getattr(error.__cause__, "sqlstate", None) or ""
    return isinstance(error, IntegrityError) or state in ("40P01", "40001")


def _rejected(path, reason, size, file_hash, run_id) -> Outcome:
    before = False
    try:
        with transaction.atomic():
            before = store.rejected_before(path, file_hash, run_id)
            store.record(run_id, path, Status.REJECTED, reason, file_hash=file_hash)
    except (OperationalError, InterfaceError):
        pass  # the database itself is gone: the summary still reports the file
    return Outcome(path, Status.REJECTED, reason, size=size, rejected_before=before)


def import_paths(
    paths, workers: int = 1, dry_run: bool = False, force: bool = False, report=None, progress=None
) -> Summary:
    """Import `paths`; `report(outcome)` hears about every file, `progress(total)` may
    return an object with advance(size) and close(). `force` parses unchanged files
    again (after the importer itself improved). Returns the summary.

    A dry run imports for real inside one transaction that is then rolled back, in this
    process: every file sees the ones before it, so a duplicate is counted as the real
    run would count it (a transaction cannot span worker processes). If the database went
    away, `summary.stopped` says so and the run ended at the first file that found it gone."""
    if dry_run:
        with transaction.atomic():
            summary = _import_paths(paths, 1, dry_run, force, report, progress)
            transaction.set_rollback(True)
        return summary
    return _import_paths(paths, workers, dry_run, force, report, progress)


def _import_paths(paths, workers, dry_run, force, report, progress) -> Summary:
    started = time.monotonic()
    run = None if dry_run else runs.start(paths)
    summary = Summary(run_id=run.pk if run else None)
    meter = progress(sum(1 for _ in expand(paths))) if progress else None
    try:
        for outcome in _outcomes(expand(paths), summary.run_id, dry_run, force, workers):
            summary.add(outcome)
            if report:
                report(outcome)
            if meter:
                meter.advance(outcome.size)
    except DatabaseUnavailable as error:
        summary.stopped = str(error)
        summary.not_read = sum(1 for _ in expand(paths)) - summary.read
    except BaseException:  # Ctrl-C, a kill turned into SystemExit, a bug: the run says it did not finish
        summary.seconds = time.monotonic() - started
        runs.finish(run, summary, interrupted=True)
        raise
    finally:
        if meter:
            meter.close()
    summary.seconds = time.monotonic() - started
    runs.finish(run, summary, interrupted=bool(summary.stopped))
    return summary


def _outcomes(files, run_id, dry_run, force, workers):
    if workers <= 1:
        for path in files:
            yield import_file(path, run_id, dry_run, force)
        return
    # Load jieba's dictionaries once, here: the forked workers inherit them.
    segment("预热")
    pos_tag("预热")
    # A connection must never be shared across fork: each worker opens its own.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_worker_signals) as pool:
        pending = deque()
        for paths in _batches(files, _FILES_PER_TASK):
            pending.append(pool.apply_async(_import_files, (paths, run_id, dry_run, force)))
            if len(pending) >= workers * _TASKS_IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _worker_signals():
    """A worker dies at once on SIGTERM, as multiprocessing expects when the pool ends:
    the command's own handler (SIGTERM as Ctrl-C, inherited through fork) would raise in
    the worker instead, and a worker that raises just after taking the task queue's lock
    leaves it taken, so the next one waits forever. Ctrl-C is the parent's to handle; a
    worker killed mid-file leaves nothing half-written (each file is its transaction)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _import_files(paths, run_id, dry_run, force) -> list[Outcome]:
    return [import_file(path, run_id, dry_run, force) for path in paths]


def _batches(items, size: int):
    items = iter(items)
    while batch := list(itertools.islice(items, size)):
        yield batch
