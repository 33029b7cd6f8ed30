"""The labelled corpus files that bench/entities.py measures discovery on: enough of them,
two halves that do not share a file, and a gazetteer that holds no answer of the test half.
Each half is two sets (entities-dev.yaml and entities-dev-2.yaml), labelled apart."""

from pathlib import Path

import yaml

from articles.text import fold

ROOT = Path(__file__).resolve().parent.parent
LABELS = {
    half: [
        entry
        for path in sorted((ROOT / "data/labels").glob(f"entities-{half}*.yaml"))
        for entry in yaml.safe_load(path.read_text())
    ]
    for half in ("dev", "test")
}
GAZETTEER = (ROOT / "data" / "entities.yaml").read_text(encoding="utf-8")
DEV_SECTION = "# --- vendors, bodies and media of the development half of data/labels"
SECURITY_SECTION = "# --- the security industry: what the trade press names every week"


def names_of(half):
    entities = [forms for e in LABELS[half] for section in ("people", "organizations") for forms in e[section]]
    return {fold(str(form)) for forms in entities for form in forms}


def test_eighty_files_are_labelled_in_two_halves_without_a_shared_file():
    dev, test = ({e["file"] for e in LABELS[half]} for half in ("dev", "test"))
    assert len(dev) == len(test) == 40 and not dev & test


def test_labels_are_file_names_and_short_names_only():
    for half in LABELS:
        for entry in LABELS[half]:
            assert set(entry) == {"file", "people", "organizations"}
            for forms in entry["people"] + entry["organizations"]:
                assert all(len(str(form)) <= 30 for form in forms), forms


def entries_of(heading):
    section = GAZETTEER[GAZETTEER.index(heading) :].split("\n  # ---")[0]
    entries = [yaml.safe_load(line.strip()[2:]) for line in section.splitlines() if line.strip().startswith("- {")]
    return [(e["name"], {fold(e["name"]), *(fold(str(a)) for a in e.get("aliases", []))}) for e in entries]


def test_the_names_added_for_the_labels_come_from_the_development_half_only():
    dev, test = names_of("dev"), names_of("test")
    for name, names in entries_of(DEV_SECTION):
        assert names & dev, name
        assert not names & (test - dev), name


def test_the_security_names_written_after_the_labels_hold_no_answer_of_the_test_half():
    entries = entries_of(SECURITY_SECTION)
    dev, test = names_of("dev"), names_of("test")
    assert len(entries) > 250
    assert not [name for name, names in entries if names & (test - dev)]
