"""The gazetteer data file (data/entities.yaml) into the database, idempotently."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from articles.entities import gazetteer
from articles.models import Alias, BlockedName, Entity, EntityKind
from articles.text import fold

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "entities.yaml"
SECTIONS = {"people": EntityKind.PERSON, "organizations": EntityKind.ORGANIZATION}


@dataclass
class LoadSummary:
    created: int = 0
    aliases: int = 0
    unchanged: int = 0


@transaction.atomic
def load_gazetteer(path=DEFAULT_PATH) -> LoadSummary:
    """Create the entities of the file that are missing and add the aliases they lack.
    Nothing an editor did is undone: no alias is removed, a blocked name is not added,
    an edited description is kept."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    blocked = set(BlockedName.objects.values_list("folded", flat=True))
    summary = LoadSummary()
    for section, kind in SECTIONS.items():
        for item in data.get(section) or []:
            _load_entry(item, kind, blocked, summary)
    gazetteer.invalidate()
    return summary


def _load_entry(item, kind, blocked, summary) -> None:
    name = str(item["name"]).strip()
    if fold(name) in blocked:
        return
    entity, created = Entity.objects.get_or_create(
        kind=kind, name=name, defaults={"description": item.get("description", ""), "reviewed": True}
    )
    summary.created += created
    known = {fold(entity.name), *entity.aliases.values_list("folded", flat=True)}
    added = 0
    for alias, partial in [(a, False) for a in item.get("aliases", [])] + [(a, True) for a in item.get("partial", [])]:
        alias = str(alias).strip()
        if fold(alias) not in known and fold(alias) not in blocked:
            Alias.objects.create(entity=entity, name=alias, partial=partial)
            known.add(fold(alias))
            added += 1
    if (not entity.description and item.get("description")) or not entity.reviewed:
        entity.description = entity.description or item.get("description", "")
        entity.reviewed = True  # the file vouches for it, even if extraction found it first
        entity.save(update_fields=["description", "reviewed", "updated_at"])
    summary.aliases += added
    summary.unchanged += not created and not added
