"""The CPU work on one file, with no database: bytes → a parsed, cleaned, folded and
fingerprinted article ready to store. Runs in the worker processes."""

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from articles.ingest import fingerprint, formats
from articles.ingest.decode import decode
from articles.ingest.errors import RejectedFile
from articles.ingest.limits import check_file_size, check_text_length, max_file_bytes
from articles.ingest.parsed import ParsedArticle
from articles.ingest.paths import shown
from articles.text import detect_script, fold

# Enough text to tell simplified from traditional script (detect_script looks at
# characters one by one).
_SCRIPT_SAMPLE = 3_000
_SENTENCE = re.compile(r"^.+?(?:[。！？!?]|$)", re.M)
_SHORT_TITLE = 40
_BREAK = re.compile(r"[，,；;：:、 ]")
# Fewer word characters than this beside images or a title: a picture post (图片文章).
NEAR_EMPTY = 30
_WORD = re.compile(r"\w")


@dataclass
class Prepared:
    path: str
    file_hash: str
    size: int
    parsed: ParsedArticle
    data: bytes = field(repr=False)
    image_only: bool
    title_derived: bool
    script: str
    folded_text: str  # text.fold of the text: what the index and the version checks read
    fingerprint: str
    sketch: list[int]
    clauses: set[int] = field(repr=False)


# What is not a file to read, by the kind its status gives.
_SPECIAL = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def read(path: str) -> tuple[bytes, str]:
    """(the file's bytes, their sha256); RejectedFile when it cannot be read. A FIFO, a
    socket or a device is skipped without waiting on it (looked at, then opened
    non-blocking and looked at again), and the size is checked before a byte is read."""
    try:
        _check_regular(os.stat(path))
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise RejectedFile(f"cannot read the file: {error.strerror or error}") from None
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(fd)
        _check_regular(status)
        check_file_size(status.st_size)
        try:
            data = handle.read(max_file_bytes() + 1)  # one byte more tells a file that grew past it
        except OSError as error:
            raise RejectedFile(f"cannot read the file: {error.strerror or error}") from None
    check_file_size(len(data))
    return data, hashlib.sha256(data).hexdigest()


def _check_regular(status) -> None:
    kind = stat.S_IFMT(status.st_mode)
    if kind != stat.S_IFREG:
        raise RejectedFile(f"skipped: {_SPECIAL.get(kind, 'a special file')}, not a regular file")


def prepare(path: str, data: bytes, file_hash: str, templates_for=formats.no_templates) -> Prepared:
    """`templates_for(publisher, keys)`: the templates the archive knows (formats.parse)."""
    parsed = formats.parse(decode(data), templates_for)
    image_only = len(_WORD.findall(parsed.text, 0, NEAR_EMPTY * 4)) < NEAR_EMPTY
    if image_only and not (parsed.title or parsed.images):
        raise RejectedFile(f"no article text was found in the file (read as {parsed.format})")
    check_text_length(parsed.text)
    title_derived = not parsed.title
    if title_derived:
        parsed.title = title_from_text(parsed.text) or Path(shown(path)).stem
    folded_text = fold(parsed.text)
    features = fingerprint.clauses(folded_text)
    return Prepared(
        path=path,
        file_hash=file_hash,
        size=len(data),
        parsed=parsed,
        data=data,
        image_only=image_only,
        title_derived=title_derived,
        script=detect_script(parsed.text[:_SCRIPT_SAMPLE]),
        folded_text=folded_text,
        fingerprint=fingerprint.exact(folded_text),
        sketch=fingerprint.sketch(features),
        clauses=features,
    )


def title_from_text(text: str) -> str:
    """The first sentence, cut at a clause break when it is long (a stand-in title,
    replaced by a version's real title when one is found)."""
    sentence = _SENTENCE.match(text.strip())
    title = sentence.group(0).strip() if sentence else ""
    if len(title) <= _SHORT_TITLE:
        return title
    breaks = [m.start() for m in _BREAK.finditer(title, 0, _SHORT_TITLE) if m.start() >= _SHORT_TITLE // 2]
    return title[: breaks[-1] if breaks else _SHORT_TITLE].rstrip() + "…"
