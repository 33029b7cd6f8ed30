"""Import article files: decode, detect the format, parse, clean, store.

`import_paths()` is what the `import_articles` command runs; it takes files, folders
and globs, and reports every file to an ImportRecord.
"""

import glob
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from articles.ingest import formats
from articles.ingest.decode import decode
from articles.ingest.errors import RejectedFile
from articles.ingest.store import Status, store
from articles.models import ImportRecord, ImportRun


@dataclass
class Summary:
    counts: dict = field(default_factory=lambda: {status: 0 for status in Status.values})
    rejected: list = field(default_factory=list)  # (path, reason)

    @property
    def read(self):
        return sum(self.counts.values())


def expand(paths) -> list[Path]:
    """Files named by `paths`: files, folders (recursively) and globs, sorted, each once."""
    found = []
    for raw in paths:
        matches = [Path(p) for p in glob.glob(str(raw), recursive=True)] or [Path(raw)]
        for path in matches:
            if path.is_dir():
                found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and not p.name.startswith("."))
            else:
                found.append(path)
    return list(dict.fromkeys(p.resolve() for p in found))


def import_file(path: Path) -> tuple[str, str, object]:
    """Import one file: (status, message, article)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return Status.REJECTED, f"cannot read the file: {error.strerror or error}", None
    file_hash = hashlib.sha256(data).hexdigest()
    try:
        parsed = formats.parse(decode(data))
        if not parsed.text.strip():
            raise RejectedFile("no article text was found in the file")
    except RejectedFile as error:
        return Status.REJECTED, str(error), None
    status, article = store(str(path), file_hash, parsed)
    return status, "", article


def import_paths(paths, report=lambda path, status, message: None) -> Summary:
    run = ImportRun.objects.create(arguments=" ".join(map(str, paths)))
    summary = Summary()
    for path in expand(paths):
        status, message, article = import_file(path)
        summary.counts[status] += 1
        if status == Status.REJECTED:
            summary.rejected.append((str(path), message))
        ImportRecord.objects.create(run=run, path=str(path), status=status, message=message, article=article)
        report(path, status, message)
    run.finished_at = timezone.now()
    run.stats = summary.counts
    run.save(update_fields=["finished_at", "stats"])
    return summary
