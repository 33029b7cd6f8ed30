"""Linking one article to the people and organizations it mentions.

`link_article()` recomputes a saved article's mentions. The import calls its two halves
apart: `find_mentions()` before the article row exists (the index is written with the row
and holds the entities' names), `save_mentions()` once it has an id. Finding, in the
article's text (never its header, never a web address):

1. finds new names on evidence (finders, discovery) and records them as unreviewed
   entities; a tagger's name without a cue is only a sighting (editing.record_sightings);
2. counts every known name — the gazetteer's and the new ones — in one pass, the longest
   name winning where names overlap, with the names as written;
3. resolves bare surnames and given names (`Brockman`, `Greg`) to the one entity of the
   article they can belong to, and drops them when that is ambiguous;
4. saving replaces the article's mentions with these counts.
"""

import json
import re
from collections import Counter

from django.db import connection

from articles.entities import cues, discovery, finders, gazetteer
from articles.entities.gazetteer import NameIndex
from articles.models import Alias, Entity, EntityKind, Mention
from articles.text import fold, fold_with_offsets

# Starts with a plain character class, which the regex engine scans for quickly.
_ADDRESS = re.compile(r"[hHwW](?:(?<=[hH])(?i:ttps?://)|(?<=[wW])(?i:ww\.))[!-~]+")
_LATIN = re.compile("[a-z]")


def link_article(article, background: bool = False) -> "Found":
    """Recompute the article's mentions (people and organizations, with counts);
    `background`: with the slow discovery methods too (discover_entities). Returns
    what was found, sightings included (editing.record_sightings records them)."""
    found = find_mentions(article, background)
    save_mentions(article, found)
    return found


class Found(dict):
    """{entity id: mentions} of one article, with what saving it needs besides: the
    names as written and how often each was used, and the sightings to record."""

    def __init__(self, counts=(), forms=None, sightings=()):
        super().__init__(counts)
        self.forms = forms or {}
        self.sightings = list(sightings)


def find_mentions(article, background: bool = False) -> Found:
    """The people and organizations named in the article's text (its title when the
    text does not name them), with counts; new entities found on evidence are created
    first, so that every name, known or new, takes part in one longest-match pass.
    The article need not be saved."""
    names = gazetteer.current()
    # Addresses are not text: `google` in a URL mentions nobody.
    body = _ADDRESS.sub(lambda m: " " * len(m.group()), article.text)
    title = _ADDRESS.sub(lambda m: " " * len(m.group()), article.title)
    found_here, minimum, sightings = _discover(article, body, names, background)
    counts, forms, covered, bare = _count(body, names)
    for entity_id, n in _count(title, names)[0].items():
        counts[entity_id] = max(counts[entity_id], 1 if n else 0)
    for entity_id, n in _bare_names(fold(body), covered, counts, names, found_here, bare).items():
        counts[entity_id] += n
    for entity_id, n in minimum.items():
        counts[entity_id] = max(counts[entity_id], n)
    existing = _existing(counts, names)
    return Found(existing, {pk: forms[pk] for pk in existing if forms.get(pk)}, sightings)


def _discover(article, body, names, background):
    """Entities for the candidates of the finders and of discovery. Returns the names
    found here ({entity id: {folded name: False}}), minimum counts (bylines) and the
    candidates without a cue, which only recurrence can make entities."""
    found_here, minimum, sightings = {}, Counter(), []
    # In one order everywhere, so that two import workers creating the same new entities
    # wait for each other instead of deadlocking.
    found = _candidates(article, body, fold(body), names, background)
    ordered = sorted(found, key=lambda c: (c.kind, fold(c.name)))
    for candidate in ordered:
        if not candidate.cue and not _is_known(candidate, names):
            sightings.append(candidate)
            continue
        entity_id = entity_for(candidate, names)
        if entity_id is None:
            continue
        found_here.setdefault(entity_id, {}).update({fold(n): False for n in candidate.names})
        minimum[entity_id] = max(minimum[entity_id], candidate.minimum_count)
    return found_here, minimum, sightings


def _is_known(candidate, names) -> bool:
    return any(e.kind == candidate.kind for e in names.entries(fold(candidate.name)))


def _count(text, names):
    """Mentions of every known name in `text` in one pass, the longest name winning
    where names overlap (`Linux Foundation`, not `Linux`). Returns ({entity id: count},
    {entity id: {name as written: count}}, the spans counted, the names left to
    _bare_names). A name given again in brackets right after another of the same entity
    (`陳信翰(Mark Chen)`) is one mention."""
    folded = fold(text)
    as_written = _as_written(text)
    counts, forms, covered, bare = Counter(), {}, [], set()
    last = None  # (entity id, end) of the previous mention
    for start, end, name in names.find(folded):
        lower = as_written(start, end).islower() and name not in names.lowercase
        if _LATIN.match(name) and (lower or _in_code(folded, start, end)):
            continue  # `meta` or `apple` in running English, `mozilla/5.0`: not the company
        full = {e.entity_id for e in names.entries(name) if not e.partial}
        if len(full) != 1:
            bare.add(name)  # a surname, or a name two entities share: resolved by _bare_names
            continue
        entity_id = full.pop()
        covered.append((start, end))
        written = as_written(start, end)
        forms.setdefault(entity_id, Counter())[written] += 1
        if not (last and last[0] == entity_id and _BRACKET_GAP.fullmatch(folded[last[1] : start])):
            counts[entity_id] += 1
        last = (entity_id, end)
    return counts, forms, covered, bare


_BRACKET_GAP = re.compile(r" ?[(（] ?")


def _in_code(folded, start, end) -> bool:
    """A Latin name glued to a path, a version, a domain or a number: `mozilla/5.0`,
    `google.com`, `CNVD-2024-12345`."""
    before, after = folded[start - 1 : start], folded[end : end + 2]
    identifier = after[:1] == "-" and after[1:].isdigit()  # CNVD-2024-…, CNNVD-202401-…: a number, not the body
    return (
        before in ("/", ".", "@", "_")
        or after[:1] in ("/", "_")
        or (after[:1] == "." and after[1:].isalnum())
        or identifier
    )


def _as_written(original):
    """A function giving the original text of a span of the folded text."""
    offsets = fold_with_offsets(original)[1]
    return lambda start, end: original[offsets[start] : offsets[end - 1] + 1]


def _candidates(article, original, folded, names, background):
    def is_known(folded_name):
        return any(not e.partial for e in names.entries(folded_name))

    def not_a_person(folded_name):
        return (
            folded_name in (fold(article.site), fold(article.publisher))
            or any(e.kind == EntityKind.ORGANIZATION for e in names.entries(folded_name))
            or names.is_blocked(folded_name, EntityKind.PERSON)
        )

    yield from finders.alias_pairs(original)
    yield from finders.latin_names(original, is_known)
    yield from finders.titled_chinese_names(folded, is_known)
    yield from finders.bylines([*article.authors, *article.editors], not_a_person)
    known_spans = names.find(folded)
    yield from _units(original, folded, known_spans, names)
    for candidate in discovery.candidates(original, background):
        name = fold(candidate.name)
        if is_known(name) or names.is_blocked(name, candidate.kind) or _inside_known(name, folded, known_spans):
            continue
        if is_known(cues.COUNTRY_PREFIX.sub("", name)):
            continue  # 美国微软 is Microsoft, counted by its own name
        if name.endswith(("团队", "战队")) and _opens_with_organization(name, names):
            continue  # 谷歌安全团队: what follows a known organization is for _units to judge
        if candidate.stem and is_known(fold(candidate.stem)):
            continue  # `Meta FAIR 研究院` is Meta FAIR, already known
        yield candidate


def _units(original, folded, known_spans, names):
    """The units named after a known organization (腾讯 + 安全威胁情报中心), as written."""
    organizations = [(start, end) for start, end, name in known_spans if _is_organization(name, names)]
    spans = finders.units(folded, organizations)
    as_written = _as_written(original) if spans else None
    for start, end in spans:
        yield finders.Candidate(as_written(start, end), EntityKind.ORGANIZATION)


def _opens_with_organization(folded_name, names) -> bool:
    spans = names.find(folded_name)
    return bool(spans) and spans[0][0] == 0 and _is_organization(spans[0][2], names)


def _is_organization(folded_name, names) -> bool:
    return any(e.kind == EntityKind.ORGANIZATION and not e.partial for e in names.entries(folded_name))


def _inside_known(name, folded, known_spans) -> bool:
    """Every occurrence of the name is part of a longer known one (加州大学 inside
    加州大学伯克利分校): it names nothing of its own here."""
    at = folded.find(name)
    while at != -1:
        if not any(s <= at and at + len(name) <= e and e - s > len(name) for s, e, _ in known_spans):
            return False
        at = folded.find(name, at + 1)
    return True


def entity_for(candidate, names) -> int | None:
    """The entity a candidate is (an existing one that has one of its names, or a new,
    unreviewed one), with all the candidate's names as aliases; None when blocked."""
    folded_names = [fold(n) for n in candidate.names]
    if names.is_blocked(folded_names[0], candidate.kind):
        return None
    known = {e.entity_id for f in folded_names for e in names.entries(f) if e.kind == candidate.kind and not e.partial}
    if len(known) > 1:
        return None  # two entities claim these names: an editor's call
    if known:
        entity_id = known.pop()
        if set(folded_names) <= set(names.entity_names.get(entity_id, ())):
            _add_evidence(entity_id, candidate, names)
            return entity_id  # nothing new to record
        entity = Entity.objects.get(pk=entity_id)
    else:
        entity, _ = Entity.objects.get_or_create(
            kind=candidate.kind, name=candidate.name[:200], defaults={"evidence": discovery.evidence({}, candidate)}
        )
    existing = {fold(entity.name), *entity.aliases.values_list("folded", flat=True)}
    for name, folded_name in zip(candidate.names, folded_names, strict=True):
        if folded_name not in existing and not names.is_blocked(folded_name, candidate.kind):
            Alias.objects.create(entity=entity, name=name[:200])
            existing.add(folded_name)
    lowercase = [f for n, f in zip(candidate.names, folded_names, strict=True) if gazetteer.written_in_lower_case(n)]
    names.remember(entity.pk, entity.kind, dict.fromkeys(folded_names, False), lowercase)
    return entity.pk


def _add_evidence(entity_id, candidate, names) -> None:
    """An unreviewed entity found again by another method, or beside a cue at last:
    its evidence says so (written only when it changes)."""
    if candidate.method == "finder":
        return
    entity = Entity.objects.filter(pk=entity_id, reviewed=False).first()
    if entity is not None and (updated := discovery.evidence(entity.evidence, candidate)) != entity.evidence:
        Entity.objects.filter(pk=entity_id).update(evidence=updated)


def _overlaps(span, spans) -> bool:
    start, end = span
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def _bare_names(folded, covered, counts, names, found_here, bare) -> Counter:
    """Count surnames and given names on their own (`Brockman`, `Greg`, `Altman`) for the
    one entity they can mean here: the only person of the article whose full name has that
    word, or (for surnames the gazetteer lists) the only person known by it. When several
    people of the article share it, the one named in full at least twice as often as any
    other takes it (Greg Brockman over Anna Brockman); otherwise nobody does."""
    owners = {}
    for entity_id in counts:
        entity_names = {**names.entity_names.get(entity_id, {}), **found_here.get(entity_id, {})}
        for folded_name, partial in entity_names.items():
            words = folded_name.split() if _LATIN.match(folded_name) else []
            for word in {words[0], words[-1]} if len(words) > 1 else ():
                owners.setdefault(word, set()).add(entity_id)
            if partial:
                owners.setdefault(folded_name, set()).add(entity_id)
    found = Counter()
    for start, end, word in NameIndex(owners.keys() | bare).find(folded):
        entity_id = None if _overlaps((start, end), covered) else _owner(word, owners, counts, names)
        if entity_id:
            found[entity_id] += 1
    return found


def _owner(word, owners, counts, names) -> int | None:
    here = owners.get(word, set())
    if not here:
        everywhere = {e.entity_id for e in names.entries(word) if e.partial}
        return everywhere.pop() if len(everywhere) == 1 else None
    if len(here) == 1:
        return next(iter(here))
    ranked = sorted(here, key=lambda pk: counts[pk], reverse=True)
    return ranked[0] if counts[ranked[0]] >= 2 * counts[ranked[1]] else None


def _existing(counts, names) -> dict[int, int]:
    wanted = {pk: n for pk, n in counts.items() if n > 0}
    learned = wanted.keys() & names.learned_ids
    if learned:
        # Learned from a transaction that may have been rolled back since: check.
        missing = learned - set(Entity.objects.filter(pk__in=learned).values_list("pk", flat=True))
        if missing:
            gazetteer.invalidate()
            wanted = {pk: n for pk, n in wanted.items() if pk not in missing}
    return wanted


def mentioned_names(entity_ids) -> list[str]:
    """The folded names and aliases of these entities, sorted, as `search.entity_names`
    gives them: read from the gazetteer that `find_mentions` just used, not the database."""
    return gazetteer.latest().names_of(entity_ids)


def save_mentions(article, counts: dict[int, int], new: bool = False) -> None:
    """Replace the article's mentions with `counts` (`new`: the row has none yet)."""
    if not new:
        Mention.objects.filter(article=article).delete()
    if counts:  # one statement, not the ORM's: the import saves the mentions of every file
        forms = getattr(counts, "forms", {})
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO articles_mention (article_id, entity_id, count, forms)"
                " SELECT %s, unnest(%s::bigint[]), unnest(%s::integer[]), unnest(%s::jsonb[])",
                [article.pk, list(counts), list(counts.values()), [json.dumps(forms.get(pk, {})) for pk in counts]],
            )
