"""Files uploaded through the browser, kept in the media storage for the workers: plain
files as they are, .zip and .tar.gz archives expanded.

An upload is hostile until proven otherwise. The limits are counted on the bytes actually
written, never on what an archive claims (a zip bomb lies about its sizes); a member whose
name leaves its folder (`../`, an absolute path), a link, a device or an encrypted member
rejects the whole upload with its name and the reason, and whatever was already saved
is removed: nothing half-uploaded is left to import.
"""

import io
import posixpath
import tarfile
import zipfile
from dataclasses import dataclass

from django.core.files import File
from django.core.files.storage import default_storage

_CHUNK = 1 << 16
_ZIP_SYMLINK = 0o120000
_ZIP_FILE_TYPE = 0o170000
# Archive metadata, not the uploader's files (macOS adds it to every zip it makes).
_SKIPPED_FOLDERS = ("__MACOSX/",)


class UploadRejected(Exception):
    """The upload cannot be accepted; the message says why, for the uploader."""


@dataclass
class Limits:
    expanded_bytes: int
    files: int


def stage(uploads, folder: str, limits: Limits) -> list[str]:
    """Save `uploads` (Django UploadedFiles) under `folder` in the storage; return the
    storage names of the files to import. UploadRejected leaves nothing behind."""
    budget = _Budget(limits)
    saved: list[str] = []
    try:
        for upload in uploads:
            name = upload.name or "upload"
            if name.lower().endswith(".zip"):
                _expand_zip(upload, name, folder, budget, saved)
            elif name.lower().endswith((".tar.gz", ".tgz", ".tar")):
                _expand_tar(upload, name, folder, budget, saved)
            else:
                _save(folder, posixpath.basename(name.replace("\\", "/")) or "upload", upload, budget, saved)
    except UploadRejected:
        for stored in saved:
            default_storage.delete(stored)
        raise
    if not saved:
        raise UploadRejected("no files were found in the upload")
    return saved


def _expand_zip(upload, name, folder, budget, saved):
    try:
        archive = zipfile.ZipFile(upload)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        raise UploadRejected(f"{name}: not a readable zip archive") from None
    declared = sum(member.file_size for member in members)
    if declared > budget.limits.expanded_bytes:
        raise UploadRejected(f"{name}: expands to {declared / 1e6:.0f} MB, more than {budget.limit_text()}")
    for member in members:
        if member.is_dir() or member.filename.startswith(_SKIPPED_FOLDERS):
            continue
        inner = _inside(name, member.filename)
        if (member.external_attr >> 16) & _ZIP_FILE_TYPE == _ZIP_SYMLINK:
            raise UploadRejected(f"{name}: {member.filename} is a link; links are not accepted")
        if member.flag_bits & 0x1:
            raise UploadRejected(f"{name}: {member.filename} is encrypted")
        try:
            with archive.open(member) as stream:
                _save(folder, inner, stream, budget, saved)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
            raise UploadRejected(f"{name}: {member.filename} cannot be read ({error})") from None


def _expand_tar(upload, name, folder, budget, saved):
    try:
        with tarfile.open(fileobj=upload, mode="r:*") as archive:
            for member in archive:
                if member.isdir() or member.name.startswith(_SKIPPED_FOLDERS):
                    continue
                inner = _inside(name, member.name)
                if member.issym() or member.islnk():
                    raise UploadRejected(f"{name}: {member.name} is a link; links are not accepted")
                if not member.isfile():
                    raise UploadRejected(f"{name}: {member.name} is not a regular file")
                budget.expect(member.size, name)
                _save(folder, inner, archive.extractfile(member), budget, saved)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise UploadRejected(f"{name}: not a readable tar archive ({error})") from None


def _inside(archive_name: str, member: str) -> str:
    """The member's path inside the upload's folder; UploadRejected if it would leave it."""
    path = member.replace("\\", "/")
    parts = path.split("/")
    if path.startswith("/") or ".." in parts or (parts and parts[0].endswith(":")):
        raise UploadRejected(f"{archive_name}: {member} points outside the archive's folder")
    # In a folder named after the archive: two archives may hold files of the same name.
    return posixpath.normpath(posixpath.join(posixpath.basename(archive_name.replace("\\", "/")), path))


def _save(folder, name, stream, budget, saved):
    budget.count_file(name)
    stored = default_storage.save(posixpath.join(folder, name), File(_Counted(stream, budget, name), name))
    saved.append(stored)


class _Budget:
    """What the upload may still write."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.bytes = 0
        self.files = 0

    def limit_text(self) -> str:
        return f"the {self.limits.expanded_bytes / 1e6:.0f} MB an upload may expand to"

    def expect(self, size: int, name: str) -> None:
        if self.bytes + size > self.limits.expanded_bytes:
            raise UploadRejected(f"{name}: expands to more than {self.limit_text()}")

    def count_file(self, name: str) -> None:
        self.files += 1
        if self.files > self.limits.files:
            raise UploadRejected(f"more than {self.limits.files} files in one upload ({name})")

    def add(self, size: int, name: str) -> None:
        self.bytes += size
        if self.bytes > self.limits.expanded_bytes:
            raise UploadRejected(f"{name}: the upload expands to more than {self.limit_text()}")


class _Counted(io.RawIOBase):
    """A stream read once, its bytes counted against the budget as they are read."""

    def __init__(self, stream, budget: _Budget, name: str):
        self.stream, self.budget, self.name = stream, budget, name

    def readable(self) -> bool:
        return True

    def read(self, size: int = _CHUNK) -> bytes:
        data = self.stream.read(_CHUNK if size is None or size < 0 else size)
        self.budget.add(len(data), self.name)
        return data
