"""A whole import: files, folders and globs streamed through the per-file pipeline,
in this process or spread over worker processes, each file in its own transaction.

Every worker runs the complete pipeline for its files (read, decode, parse, clean,
fold, fingerprint, then store: entities, index, versions, ImportRecord), so the CPU
work — segmentation above all — runs on every core, while each file stays one
transaction. Only file names and small outcomes cross between processes, and at most
a few files per worker are in flight, so memory stays flat whatever the corpus size.
"""

import glob
import itertools
import multiprocessing
import os
import time
from collections import deque
from dataclasses import dataclass, field

from django.db import DatabaseError, OperationalError, connection, connections, transaction
from django.db.utils import InterfaceError
from django.utils import timezone

from articles.ingest import store
from articles.ingest.errors import RejectedFile
from articles.ingest.prepare import prepare, read
from articles.models import ImportRun
from articles.text import pos_tag, segment

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


def expand(paths):
    """Files named by `paths` — files, folders (recursive, sorted) and globs — one by
    one, without listing a whole tree in memory. Hidden folders (.git …) are skipped;
    every file is read, so a stray one (.DS_Store) is rejected with its reason, not lost."""
    named = []
    for raw in map(str, paths):
        matches = sorted(glob.glob(raw, recursive=True)) if glob.has_magic(raw) else [raw]
        named.extend(matches or [raw])
    for path in dict.fromkeys(named):
        if os.path.isdir(path):
            yield from _walk(path)
        else:
            yield os.path.abspath(path)


def _walk(folder: str):
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            yield os.path.abspath(os.path.join(root, name))


def import_file(path: str, run_id=None, dry_run: bool = False, force: bool = False) -> Outcome:
    """The whole pipeline for one file; never raises: a failure is a rejected outcome."""
    size, file_hash = 0, ""
    try:
        data, file_hash = read(path)
        size = len(data)
        known = store.imported(path)
        if known and known[1] == file_hash and not (dry_run or force):
            store.record(run_id, path, Status.UNCHANGED, file_hash=file_hash, article_id=known[0])
            return Outcome(path, Status.UNCHANGED, article_id=known[0], size=size)
        prepared = prepare(path, data, file_hash, store.templates_for)
        del data
        status, message, article_id = _store_with_retries(
            prepared, run_id, force, new_path=known is None, keep_bytes=not dry_run
        )
        return Outcome(path, status, message, article_id, size)
    except RejectedFile as error:
        return _rejected(path, str(error), size, file_hash, run_id)
    except Exception as error:  # a bug or a database failure on one file must not end the batch
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()  # the next file reconnects if it broke
        reason = f"could not be imported: {type(error).__name__}: {error}"
        return _rejected(path, reason, size, file_hash, run_id)


def _store_with_retries(prepared, run_id, force, new_path, keep_bytes):
    for attempt in range(_RETRIES):
        try:
            return store.store(prepared, run_id, force, new_path=new_path and attempt == 0, keep_bytes=keep_bytes)
        except DatabaseError:  # a deadlock or a unique-key race between workers; a real fault repeats
            if attempt == _RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


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
    run would count it (a transaction cannot span worker processes)."""
    if dry_run:
        with transaction.atomic():
            summary = _import_paths(paths, 1, dry_run, force, report, progress)
            transaction.set_rollback(True)
        return summary
    return _import_paths(paths, workers, dry_run, force, report, progress)


def _import_paths(paths, workers, dry_run, force, report, progress) -> Summary:
    started = time.monotonic()
    run = None if dry_run else ImportRun.objects.create(arguments=" ".join(map(str, paths)))
    summary = Summary(run_id=run.pk if run else None)
    meter = progress(sum(1 for _ in expand(paths))) if progress else None
    for outcome in _outcomes(expand(paths), summary.run_id, dry_run, force, workers):
        summary.add(outcome)
        if report:
            report(outcome)
        if meter:
            meter.advance(outcome.size)
    if meter:
        meter.close()
    summary.seconds = time.monotonic() - started
    if run:
        run.finished_at = timezone.now()
        run.stats = {**summary.counts, "bytes": summary.bytes, "seconds": round(summary.seconds, 2)}
        run.save(update_fields=["finished_at", "stats"])
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
    with context.Pool(workers) as pool:
        pending = deque()
        for paths in _batches(files, _FILES_PER_TASK):
            pending.append(pool.apply_async(_import_files, (paths, run_id, dry_run, force)))
            if len(pending) >= workers * _TASKS_IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _import_files(paths, run_id, dry_run, force) -> list[Outcome]:
    return [import_file(path, run_id, dry_run, force) for path in paths]


def _batches(items, size: int):
    items = iter(items)
    while batch := list(itertools.islice(items, size)):
        yield batch
