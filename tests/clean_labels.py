"""Scoring the cleaner against the labels in data/labels/clean.yaml, on the real corpus
(shared by bench/clean.py and tests/test_import_clean_corpus.py).

The templates a file is cleaned with are learnt, as `manage.py reclean` learns them,
from the whole corpus: every file parsed, its blocks grouped by publisher, a story
being a folded title (the database counts a story's versions once the same way)."""

import multiprocessing
import os
import tarfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import yaml

from articles.ingest import formats, templates
from articles.ingest.boilerplate import compact
from articles.ingest.decode import decode
from tests.paths import CORPUS, ROOT

ARCHIVE = CORPUS / "wechat-security-2022-2024.tar.gz"
# clean.yaml to clean-fresh-5.yaml: the files the rules were written on (each set after
# the first held out once, then read; clean-fresh-5.yaml scored with rules v6, then read for
# rules v7). clean-fresh-6.yaml: held out, labelled blind, scored once rules v7 were written.
LABELS = [
    ROOT / "data" / "labels" / f"{name}.yaml"
    for name in (
        "clean",
        "clean-fresh",
        "clean-fresh-2",
        "clean-fresh-3",
        "clean-fresh-4",
        "clean-fresh-5",
        "clean-fresh-6",
    )
]
PREFIX = "doc/"


def labels() -> list[dict]:
    return [_as_text(label) for path in LABELS for label in yaml.safe_load(path.read_text(encoding="utf-8"))["files"]]


def _as_text(label: dict) -> dict:
    """YAML reads a bare 777 or 2024 as a number; a label names text, as the parser gives it."""
    for name in ("authors", "content", "boilerplate"):
        label[name] = [str(item) for item in label[name]]
    for name in ("title", "publisher"):
        label[name] = str(label[name])
    return label


def corpus_texts() -> dict[str, str]:
    """Every corpus file's text by its path under doc/, read from the archive as it is."""
    texts = {}
    with tarfile.open(ARCHIVE, "r|gz") as archive:  # streamed: a gzip cannot seek cheaply
        for member in archive:
            if member.isfile() and member.name.startswith(PREFIX):
                try:
                    texts[member.name[len(PREFIX) :]] = decode(archive.extractfile(member).read())
                except Exception:  # the import rejects these (binary, empty): nothing to learn
                    continue
    return texts


def _record(text: str):
    parsed = formats.parse(text)
    return parsed.site, compact(parsed.title), parsed.block_keys


def learn(texts: dict[str, str]) -> dict[str, set[int]]:
    """The templates of the whole corpus, its files parsed on the cores this process may use.

    The parsers are new processes (spawned), not forks of this one: a fork of a test run
    inherits its threads' locks and its memory, and a forked worker that dies leaves a
    `multiprocessing.Pool` waiting for ever, where this pool raises."""
    workers = min(len(os.sched_getaffinity(0)), 4)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return templates.learn(pool.map(_record, texts.values(), chunksize=64))


@dataclass
class Score:
    file: str
    split: str
    content: tuple[int, int]  # (kept, labelled)
    boilerplate: tuple[int, int]  # (dropped, labelled)
    publisher_right: bool
    authors_right: bool
    title_right: bool
    misses: list = field(default_factory=list)


def score(label: dict, text: str, learnt: dict[str, set[int]]) -> Score:
    def known(publisher, keys):
        return templates.for_publisher(learnt, publisher) & set(keys)

    parsed = formats.parse(text, known)
    cleaned = compact(parsed.text)
    kept = [s for s in label["content"] if compact(s) in cleaned]
    dropped = [s for s in label["boilerplate"] if compact(s) not in cleaned]
    misses = [f"lost: {s}" for s in label["content"] if s not in kept]
    misses += [f"left: {s}" for s in label["boilerplate"] if s not in dropped]
    result = Score(
        file=label["file"],
        split=label["split"],
        content=(len(kept), len(label["content"])),
        boilerplate=(len(dropped), len(label["boilerplate"])),
        publisher_right=parsed.publisher == label["publisher"],
        authors_right=parsed.authors == label["authors"],
        title_right=parsed.title.startswith(label["title"]),
        misses=misses,
    )
    if not result.publisher_right:
        misses.append(f"publisher: {parsed.publisher!r}")
    if not result.authors_right:
        misses.append(f"authors: {parsed.authors!r}")
    if not result.title_right:
        misses.append(f"title: {parsed.title!r}")
    return result


def totals(scores: list[Score]) -> dict[str, float]:
    """Shares over all labelled lines and files: content kept, boilerplate dropped,
    publisher, authors and title right."""

    def share(pairs):
        done, labelled = map(sum, zip(*pairs, strict=True)) if pairs else (0, 0)
        return done / labelled if labelled else 1.0

    files = len(scores) or 1
    return {
        "content kept": share([s.content for s in scores]),
        "boilerplate dropped": share([s.boilerplate for s in scores]),
        "publisher right": sum(s.publisher_right for s in scores) / files,
        "authors right": sum(s.authors_right for s in scores) / files,
        "title right": sum(s.title_right for s in scores) / files,
    }
