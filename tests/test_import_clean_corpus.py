"""Cleaning measured on real posts: the labelled files of ../shared/corpus
(data/labels/clean.yaml), cleaned with the templates learnt from the whole corpus, meet
floors on the files the rules were written on and on the held-out ones (the targets are
not met on either for boilerplate dropped; the floors say what is reached).
`make bench-clean` prints the same figures per file."""

import pytest

from tests import clean_labels

pytestmark = pytest.mark.corpus

TARGETS = {"content kept": 1.0, "boilerplate dropped": 0.95, "publisher right": 0.95, "authors right": 0.95}
# Held out: clean-fresh-6.yaml (24 files of 23 publishers, labelled blind, scored once with
# rules v7) loses one content line of 168 (99.4 %), drops 104 of 160 boilerplate lines
# (65.0 %; rules v6 100/160 = 62.5 %) and gets the authors of 22 files of 24 right. Each fresh
# set has brought kinds the rules had not met: v3 scored 76.6 % on the first, v4 82.7 % and
# 73.0 % on the next two, v5 65.0 % on the fourth, v6 69.6 % on the fifth; those are
# development sets now, their misses read. The floors keep the held-out figures from getting
# worse; the targets stay the ones above.
HELD_OUT_FLOORS = {**TARGETS, "content kept": 0.99, "boilerplate dropped": 0.65, "authors right": 0.91}
# The development files fell below the target too once set 4 joined them: 88.2 % with rules
# v6 (the vendors' own product pitches that set 4 is full of are not caught; see
# docs/import.md); with set 5 joined, v6 85.0 % and v7 88.5 %, content all kept.
DEV_FLOORS = {**TARGETS, "boilerplate dropped": 0.88}


@pytest.fixture(scope="module")
def scores():
    if not clean_labels.ARCHIVE.exists():
        pytest.skip(f"the benchmark corpus is absent ({clean_labels.ARCHIVE}): cleaning not measured")
    texts = clean_labels.corpus_texts()
    learnt = clean_labels.learn(texts)
    return [clean_labels.score(label, texts[label["file"]], learnt) for label in clean_labels.labels()]


def test_the_labels_cover_forty_files_of_fifteen_publishers_and_twenty_held_out():
    labels = clean_labels.labels()
    assert len(labels) >= 40 and len({label["publisher"] for label in labels}) >= 15
    assert sum(label["split"] == "heldout" for label in labels) >= 20
    for label in labels:
        assert all(len(s) <= 32 for s in label["content"] + label["boilerplate"]), label["file"]  # ~30


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_content_is_kept_and_boilerplate_dropped(scores, split):
    chosen = [score for score in scores if score.split == split]
    figures = clean_labels.totals(chosen)
    misses = {score.file: score.misses for score in chosen if score.misses}
    print(split, {name: f"{value:.1%}" for name, value in figures.items()})
    for name, target in (DEV_FLOORS if split == "dev" else HELD_OUT_FLOORS).items():
        assert figures[name] >= target, (name, figures[name], misses)
