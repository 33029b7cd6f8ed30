"""Entity discovery measured on hand-labelled corpus files: precision and recall per type.

    python bench/entities.py [--context N] [--seed 15] [--methods pattern,lac ...]

The labels (data/labels/entities-dev.yaml, entities-test.yaml and their second sets,
entities-dev-2.yaml and entities-test-2.yaml) name, for each of 80 corpus files, the
people and organizations of its body with every surface form. The dev half is what the
rules were tuned on; the test half is held out.

Each configuration — the shipped gazetteer or an empty one, times a set of discovery
methods — imports, into a fresh database of its own (`bench_entities`, dropped at the
end), N context files sampled from the rest of the corpus (so that names can recur, as
they do in a real archive) and then the 80 labelled files, with the real import. Then for
each labelled article:
- found = the entities with a mention in its text (a byline alone is not "named in the body");
- an entity found is right when one of its names is a surface form of a labelled entity;
- a labelled entity is recalled when one of the entities found has one of its forms.
"""

import argparse
import os
import random
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

import django
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "wechat-security-2022-2024.tar.gz"
LABELS = ROOT / "data" / "labels"
DATABASE = "bench_entities"
HALVES = ("dev", "test")
KINDS = {"people": "person", "organizations": "organization"}
# Each discovery method alone, then together (the finders of names with evidence — pairs,
# titled and Latin names, bylines — run in every configuration, "none" included).
BACKGROUND = {"lac"}  # too slow for the import: run by discover_entities after it
METHOD_SETS = ["none", "pattern", "lac", "posseg", "pattern,posseg", "pattern,lac", "pattern,lac,posseg"]

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")


def load_labels() -> dict[str, list[dict]]:
    """Each half's entries: its first set (entities-dev.yaml) and its second (entities-dev-2.yaml)."""
    return {
        half: [
            entry
            for path in sorted(LABELS.glob(f"entities-{half}*.yaml"))
            for entry in yaml.safe_load(path.read_text())
        ]
        for half in HALVES
    }


def use_fresh_database(original: str) -> None:
    from django.db import connection, connections

    connections.close_all()
    connections["default"].settings_dict["NAME"] = original
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    connections.close_all()
    connections["default"].settings_dict["NAME"] = DATABASE


def drop_database(original: str) -> None:
    from django.db import connection, connections

    connections.close_all()
    connections["default"].settings_dict["NAME"] = original
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def run_configuration(folder: Path, gazetteer: bool, methods: str) -> tuple[float, float]:
    """Import the prepared folder under this configuration, then run discovery's
    background pass, as production does; the seconds each took."""
    from django.conf import settings
    from django.core.management import call_command

    from articles.ingest.run import import_paths

    call_command("migrate", verbosity=0)
    if gazetteer:
        call_command("load_entities", verbosity=0)
    chosen = [] if methods == "none" else methods.split(",")
    settings.ENTITY_DISCOVERY = [m for m in chosen if m not in BACKGROUND]
    settings.ENTITY_BACKGROUND_DISCOVERY = [m for m in chosen if m in BACKGROUND]
    started = time.perf_counter()
    import_paths([folder], workers=1)
    imported = time.perf_counter()
    if settings.ENTITY_BACKGROUND_DISCOVERY:
        call_command("discover_entities", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return imported - started, time.perf_counter() - imported


def found_entities(link: Path) -> dict[str, list[set[str]]]:
    """{kind: [folded names of each entity named in the text of the article imported from `link`]}."""
    from articles.models import Article, Mention
    from articles.text import fold

    article = Article.objects.filter(source_path__endswith=f"/{link.name}").first()
    found = {kind: [] for kind in KINDS.values()}
    if article is None:
        return found
    mentions = Mention.objects.filter(article=article).exclude(forms={}).select_related("entity")
    for mention in mentions.prefetch_related("entity__aliases"):
        entity = mention.entity
        found[entity.kind].append({fold(entity.name), *(a.folded for a in entity.aliases.all())})
    return found


def score(entries: list[dict], links: dict[str, Path], wrong_out: list | None = None) -> dict[str, Counter]:
    from articles.text import fold

    tallies = {kind: Counter() for kind in KINDS.values()}
    for entry in entries:
        found = found_entities(links[entry["file"]])
        for section, kind in KINDS.items():
            gold = [{fold(str(form)) for form in forms} for forms in entry.get(section) or []]
            every_form = set().union(*gold)
            right = [names for names in found[kind] if names & every_form]
            tallies[kind]["found"] += len(found[kind])
            tallies[kind]["right"] += len(right)
            tallies[kind]["expected"] += len(gold)
            tallies[kind]["recalled"] += sum(1 for forms in gold if any(names & forms for names in found[kind]))
            if wrong_out is not None:
                name = Path(entry["file"]).name[:24]
                wrong_out.extend((name, kind, sorted(n)[0]) for n in found[kind] if not n & every_form)
                missed = [sorted(f)[0] for f in gold if not any(names & f for names in found[kind])]
                wrong_out.extend((name, kind, f"missed {m}") for m in missed)
    return tallies


def figures(tally: Counter) -> str:
    precision = tally["right"] / tally["found"] if tally["found"] else 1.0
    recall = tally["recalled"] / tally["expected"] if tally["expected"] else 1.0
    return f"P {precision:.2f} R {recall:.2f} ({tally['recalled']}/{tally['expected']}, {tally['found']} found)"


def prepare_folder(root: Path, labels: dict, context: int, seed: int) -> tuple[Path, dict[str, Path]]:
    """Context files first (by path: oldest first), then the labelled ones, as numbered
    hard links in one folder; returns it and {labelled file: its link}."""
    labelled = [e["file"] for half in HALVES for e in labels[half]]
    files = sorted(p for p in (root / "doc").rglob("*.md") if p.is_file())
    rest = [p for p in files if str(p.relative_to(root / "doc")) not in set(labelled)]
    chosen = sorted(random.Random(seed).sample(rest, min(context, len(rest))))
    selected = root / "selected"
    selected.mkdir()
    links = {}
    for index, path in enumerate([*chosen, *(root / "doc" / f for f in labelled)]):
        link = selected / f"{index:05}_{path.name}"
        os.link(path, link)
        links[str(path.relative_to(root / "doc"))] = link
    return selected, links


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--context", type=int, default=200, help="unlabelled corpus files imported first")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--methods", nargs="*", default=METHOD_SETS)
    parser.add_argument("--show", choices=HALVES, help="list the wrong and missed names of this half")
    parser.add_argument("--gazetteer", choices=["shipped", "empty", "both"], default="both")
    options = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: the benchmark corpus is absent ({CORPUS})")
        return 0
    django.setup()
    from django.db import connection

    labels = load_labels()
    original = connection.settings_dict["NAME"]
    print(f"labels: {', '.join(f'{h} {len(labels[h])} files' for h in HALVES)}; context: {options.context} files")
    print("| gazetteer | methods | half | people | organizations | import s | background s |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory(prefix="bench_entities_") as folder:
        with tarfile.open(CORPUS) as archive:
            archive.extractall(folder, filter="data")
        selected, links = prepare_folder(Path(folder), labels, options.context, options.seed)
        try:
            for gazetteer in {"shipped": [True], "empty": [False], "both": [True, False]}[options.gazetteer]:
                for methods in options.methods:
                    use_fresh_database(original)
                    seconds, background = run_configuration(selected, gazetteer, methods)
                    for half in HALVES:
                        wrong = [] if options.show == half else None
                        tally = score(labels[half], links, wrong)
                        shipped = "shipped" if gazetteer else "empty"
                        people, orgs = figures(tally["person"]), figures(tally["organization"])
                        row = (
                            f"| {shipped} | {methods} | {half} | {people} | {orgs} | {seconds:.0f} | {background:.0f} |"
                        )
                        print(row, flush=True)
                        for line in wrong or ():
                            print("    ", *line)
        finally:
            drop_database(original)
    print(
        "\nhow: each row is a fresh database; the import is the real one (one worker); found = entities with a "
        "mention whose text names them; right/recalled by folded surface forms (data/labels/README in the YAML "
        "headers). Targets (test half): shipped gazetteer P ≥ 0.90 and R ≥ 0.85 per type; empty R ≥ 0.6."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
