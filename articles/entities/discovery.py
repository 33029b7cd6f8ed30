"""Discovery: the names of an article nobody listed, from the methods the settings turn on.

Methods (measured in bench/entities.py; settings.ENTITY_DISCOVERY run in the import,
settings.ENTITY_BACKGROUND_DISCOVERY in `manage.py discover_entities` after it):
- "pattern": the words around a name (patterns.py), on the whole text, cheap;
- "lac": Baidu LAC's PER/ORG words in the sentences holding a cue (taggers.py);
- "posseg": jieba's nr/nt/nz words in the same sentences.
The finders that came before (`陳信翰(Mark Chen)` pairs, Latin names with evidence,
titled names, bylines) always run.

A candidate found beside a cue is an entity at once. One a tagger proposed on its own
is only a sighting until it recurs in `ENTITY_RECURRENCE` articles; then it becomes an
entity and the articles it was seen in before are linked again.
"""

from django.conf import settings

from articles.entities import patterns, taggers
from articles.models import Sighting
from articles.text import fold

METHODS = {
    "pattern": lambda text: [*patterns.people(text), *patterns.organizations(text)],
    "lac": taggers.lac,
    "posseg": taggers.posseg,
}
_KEPT_ARTICLES = 20  # the articles a sighting remembers, to link once it is an entity


def methods(background: bool = False) -> list[str]:
    """The methods of the import (`background`: and those of the pass after it)."""
    wanted = [*settings.ENTITY_DISCOVERY, *(settings.ENTITY_BACKGROUND_DISCOVERY if background else [])]
    chosen = list(dict.fromkeys(m.strip() for m in wanted if m.strip()))
    unknown = set(chosen) - METHODS.keys()
    if unknown:
        raise ValueError(f"ENTITY_DISCOVERY: unknown method(s) {sorted(unknown)}; choose from {sorted(METHODS)}")
    return chosen


def candidates(text: str, background: bool = False) -> list:
    """Every candidate the chosen methods find; the same name found twice is merged,
    keeping the strongest evidence (a cue) and every method that found it."""
    merged = {}
    for method in methods(background):
        for candidate in METHODS[method](text):
            key = (candidate.kind, fold(candidate.name))
            known = merged.get(key)
            if known is None:
                candidate.methods = {method}
                merged[key] = candidate
            else:
                known.methods.add(method)
                known.cue = known.cue or candidate.cue
                known.other_names.extend(n for n in candidate.other_names if n not in known.names)
    return list(merged.values())


def recurs(candidate, article_id) -> list[int]:
    """Record that a candidate without a cue was seen in this article. Returns the other
    articles it was seen in once it has recurred enough (it is then an entity), else []."""
    sighting, _ = Sighting.objects.get_or_create(
        kind=candidate.kind,
        folded=fold(candidate.name)[:200],
        defaults={"name": candidate.name[:200], "methods": sorted(candidate.methods)},
    )
    seen = list(sighting.article_ids)
    if article_id is not None and article_id not in seen and len(seen) < _KEPT_ARTICLES:
        seen.append(article_id)
    elsewhere = [pk for pk in seen if pk != article_id]
    recurred = len(elsewhere) + 1 >= settings.ENTITY_RECURRENCE
    if recurred:
        sighting.delete()
    elif seen != sighting.article_ids:
        sighting.article_ids = seen
        sighting.save(update_fields=["article_ids"])
    return elsewhere if recurred else []


def evidence(known: dict, candidate) -> dict:
    """The entity's evidence with this candidate's added: the methods that found it and
    whether a cue stood beside it (how often is read from its mentions)."""
    methods_found = set(known.get("methods", [])) | (getattr(candidate, "methods", None) or {candidate.method})
    return {**known, "methods": sorted(methods_found), "cue": bool(known.get("cue")) or candidate.cue}
