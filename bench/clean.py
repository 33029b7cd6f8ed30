"""Cleaning benchmark: the labelled corpus files (data/labels/clean.yaml) cleaned with
the templates learnt from the whole corpus; per file and in total, for the files the
rules were written on (dev) and the held-out ones separately.

    python bench/clean.py [--split dev|heldout]

Prints content kept %, boilerplate dropped %, publisher/author/title right %, and each
development file's misses (a held-out file's only with --show-heldout: read, it is no
longer held out)."""

import argparse
import os
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "heldout"], help="only these files")
    parser.add_argument(
        "--show-heldout",
        action="store_true",
        help="also print the held-out files' misses (read, they are no longer held out)",
    )
    args = parser.parse_args()
    django.setup()
    from tests import clean_labels

    if not clean_labels.ARCHIVE.exists():
        sys.exit(f"the benchmark corpus is absent ({clean_labels.ARCHIVE}): nothing measured")
    started = time.perf_counter()
    texts = clean_labels.corpus_texts()
    learnt = clean_labels.learn(texts)
    print(
        f"{len(texts)} corpus files parsed, {sum(map(len, learnt.values()))} templates learnt "
        f"over {len(learnt) - 1} publishers in {time.perf_counter() - started:.0f} s"
    )
    labels = [label for label in clean_labels.labels() if args.split in (None, label["split"])]
    by_split = {}
    for label in labels:
        result = clean_labels.score(label, texts[label["file"]], learnt)
        by_split.setdefault(result.split, []).append(result)
        content, boiler = result.content, result.boilerplate
        print(
            f"{result.split:7} content {content[0]}/{content[1]}  boilerplate {boiler[0]}/{boiler[1]}  "
            f"{'P' if result.publisher_right else 'p'}{'A' if result.authors_right else 'a'}"
            f"{'T' if result.title_right else 't'}  {result.file}"
        )
        if result.split == "dev" or args.show_heldout:
            for miss in result.misses:
                print(f"          {miss}")
    for split, scores in by_split.items():
        publishers = len({label["publisher"] for label in labels if label["split"] == split})
        figures = ", ".join(f"{name} {value:.1%}" for name, value in clean_labels.totals(scores).items())
        print(f"{split}: {len(scores)} files, {publishers} publishers: {figures}")


if __name__ == "__main__":
    main()
