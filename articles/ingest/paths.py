"""Which files an import reads, and how their names are shown.

Files, folders (recursive, sorted) and globs are streamed one by one, without listing a
whole tree in memory. Every path is resolved (symlinks followed to the file itself), so
a file reached twice — through a symlinked folder, a link to it, two arguments — is read
once per run, and a folder that links back to its parent does not loop.

A name on disk is any bytes; what the archive stores and prints is `shown()`: valid
UTF-8 as it is, any other byte and any control character written as `\\xNN`, so an odd
name neither breaks the database nor forges a line of the report.
"""

import glob
import os
import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(path: str) -> str:
    """A printable, storable form of a path (os gives undecodable bytes as surrogates)."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def expand(paths):
    """Files named by `paths` — files, folders and globs — each once, resolved. Hidden
    folders (.git …) are skipped; every file is read, so a stray one (.DS_Store) is
    rejected with its reason, not lost."""
    named = []
    for raw in map(str, paths):
        matches = sorted(glob.glob(raw, recursive=True)) if glob.has_magic(raw) else [raw]
        named.extend(matches or [raw])
    seen_files, seen_folders = set(), set()
    for path in named:
        files = _walk(path, seen_folders) if os.path.isdir(path) else [os.path.realpath(path)]
        for file in files:
            if file not in seen_files:
                seen_files.add(file)
                yield file


def _walk(folder: str, seen_folders: set):
    for root, folders, files in os.walk(os.path.realpath(folder), followlinks=True):
        real = os.path.realpath(root)
        if real in seen_folders:  # reached before, or a link back up the tree
            folders[:] = []
            continue
        seen_folders.add(real)
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            yield os.path.realpath(os.path.join(root, name))
