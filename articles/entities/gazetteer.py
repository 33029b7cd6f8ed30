"""The names extraction already knows: every entity's name and aliases, found in one pass.

`NameIndex` finds many names at once: one C-speed scan for the characters names start
with (CJK characters, and Latin letters at the start of a word), then a dictionary
lookup of the text at each such position, longest name first. Its cost grows with the
text, not with the number of names, and names are added without rebuilding anything.

The gazetteer is built once per process and kept in step with the database by a
one-row version query before each use: entities created since (the import's own
discoveries, other workers') are learned incrementally; edits, deletions and blocks,
which editors make, rebuild it. The segmenter learns the same names (text.add_words)
so that jieba keeps them whole.
"""

import re
import threading
from dataclasses import dataclass, field

from django.db import connections, router

from articles.models import Alias, BlockedName, Entity, EntityKind
from articles.text import add_words, fold

_LATIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


@dataclass(frozen=True)
class Entry:
    entity_id: int
    kind: str
    partial: bool = False


class NameIndex:
    """Folded names, found in folded text without overlaps, longest first; a name that
    starts or ends with a Latin letter or digit only matches as a whole word."""

    def __init__(self, names=()):
        self._names = set()
        self._lengths = {}  # first two characters -> lengths of the names starting so, longest first
        self._pattern = None
        for name in names:
            self.add(name)

    def __bool__(self):
        return bool(self._names)

    def add(self, name: str) -> None:
        if len(name) < 2 or name in self._names:
            return  # one character is never a name: it would match everywhere
        self._names.add(name)
        lengths = self._lengths.setdefault(name[:2], [])
        lengths.append(len(name))
        lengths.sort(reverse=True)
        self._pattern = None

    def _starts(self) -> re.Pattern:
        if self._pattern is None:
            firsts = {name[0] for name in self._names}
            other = "".join(sorted(re.escape(c) for c in firsts - _LATIN))
            latin = "".join(sorted(firsts & _LATIN))
            pieces = [f"[{other}]"] if other else []
            if latin:
                pieces.append(f"(?<![a-z0-9])[{latin}]")
            self._pattern = re.compile("|".join(pieces) or "(?!)")
        return self._pattern

    def find(self, text: str) -> list[tuple[int, int, str]]:
        found, end = [], 0
        for match in self._starts().finditer(text):
            i = match.start()
            if i < end:
                continue
            for length in self._lengths.get(text[i : i + 2], ()):
                if i + length > len(text):
                    continue  # a longer name cannot fit; the slice would be a shorter one
                name = text[i : i + length]
                if name in self._names and not (name[-1] in _LATIN and text[i + length : i + length + 1] in _LATIN):
                    found.append((i, i + length, name))
                    end = i + length
                    break
        return found


@dataclass
class Gazetteer:
    names: dict[str, list[Entry]] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)
    # entity id -> {folded name: partial}, and its kind: what each entity is called
    entity_names: dict[int, dict[str, bool]] = field(default_factory=dict)
    entity_kinds: dict[int, str] = field(default_factory=dict)
    learned_ids: set[int] = field(default_factory=set)  # entities known since the last build
    # Names their entity itself writes in lower case (handles: undoingfish, gzobqq): found
    # in lower case, they are still that entity, where `apple` in running English is not Apple.
    lowercase: set[str] = field(default_factory=set)
    # Names learned from this process's own writes, not yet seen in the database: when
    # the next check finds the database unchanged, the transaction that wrote them was
    # rolled back (a dry run, a retried file) and they must be forgotten.
    unconfirmed: bool = False

    def __post_init__(self):
        self.index = NameIndex(self.names)

    def entries(self, folded_name: str) -> list[Entry]:
        return self.names.get(folded_name, [])

    def is_blocked(self, folded_name: str, kind: str) -> bool:
        return folded_name in self.blocked or f"{kind}:{folded_name}" in self.blocked

    def learn(self, folded_name: str, entry: Entry) -> None:
        entries = self.names.setdefault(folded_name, [])
        if entry not in entries:
            entries.append(entry)
            self.learned_ids.add(entry.entity_id)
            self.unconfirmed = True
            self.index.add(folded_name)

    def remember(self, pk: int, kind: str, entity_names: dict[str, bool], lowercase=()) -> list[str]:
        """Know entity `pk` by these names from now on (`lowercase`: those of them it
        writes in lower case); return the names learned."""
        self.entity_names[pk] = {**self.entity_names.get(pk, {}), **entity_names}
        self.lowercase.update(lowercase)
        self.entity_kinds[pk] = kind
        learned = []
        for folded, partial in entity_names.items():
            if not self.is_blocked(folded, kind):
                self.learn(folded, Entry(pk, kind, partial))
                learned.append(folded)
        return learned

    def find(self, folded_text: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of every known name in the text, without overlaps."""
        return self.index.find(folded_text)

    def names_of(self, entity_ids) -> list[str]:
        """The folded names and aliases of these entities, sorted."""
        return sorted({name for pk in entity_ids for name in self.entity_names.get(pk, ())})


# --- built from the database, refreshed when it changes ---------------------------------

_VERSION_SQL = """
SELECT (SELECT count(*) FROM {entity}), (SELECT max(updated_at) FROM {entity}),
       (SELECT count(*) FROM {alias}), (SELECT count(*) FROM {blocked}), (SELECT max(id) FROM {blocked})
"""


@dataclass
class _State:
    gazetteer: Gazetteer | None = None
    version: tuple | None = None


_state = _State()
_lock = threading.Lock()


def current() -> Gazetteer:
    """The gazetteer as the database has it now (as this transaction sees it)."""
    with _lock:
        version = _version()
        known = _state.gazetteer
        if known is not None and version == _state.version and not known.unconfirmed:
            return known
        # An unchanged version here means its own unconfirmed names were rolled back.
        if known is None or version == _state.version or not _learn_changes(version):
            _rebuild()
        _state.version = version
        return _state.gazetteer


def latest() -> Gazetteer:
    """The gazetteer as the last `current()` left it, without asking the database again."""
    with _lock:
        if _state.gazetteer is not None:
            return _state.gazetteer
    return current()


def invalidate() -> None:
    """Forget the gazetteer: the next use builds it again (after an editor's change)."""
    with _lock:
        _state.gazetteer = None


def _version() -> tuple:
    sql = _VERSION_SQL.format(
        entity=Entity._meta.db_table, alias=Alias._meta.db_table, blocked=BlockedName._meta.db_table
    )
    # A page reads it from its replica, if it has one (newsarchive/db_router.py).
    with connections[router.db_for_read(Entity)].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


_SHORTEST_HANDLE = 5  # `fs`, `cmd`: too common as words to count wherever they are written


def written_in_lower_case(name: str) -> bool:
    """A Latin name written all in lower case, as handles are (undoingfish, x1r0z)."""
    return name.islower() and name.isascii() and len(name) >= _SHORTEST_HANDLE


def _names_by_entity(entities) -> dict[int, tuple[str, dict[str, bool], set[str]]]:
    """id -> (kind, {folded name: partial}, {names written in lower case}) for the given
    Entity queryset."""
    found = {}
    for pk, kind, name in entities.values_list("pk", "kind", "name"):
        found[pk] = (kind, {fold(name): False}, {fold(name)} if written_in_lower_case(name) else set())
    aliases = Alias.objects.filter(entity__in=entities).values_list("entity_id", "name", "folded", "partial")
    for entity_id, name, folded, partial in aliases:
        if entity_id not in found:
            # Committed by another importer between the two queries: the next check sees
            # one entity more than the gazetteer knows, and learns it then.
            continue
        names = found[entity_id][1]
        names[folded] = names.get(folded, True) and partial
        if written_in_lower_case(name):
            found[entity_id][2].add(folded)
    return found


def _rebuild() -> None:
    blocked = set()
    for folded, kind in BlockedName.objects.values_list("folded", "kind"):
        blocked.add(f"{kind}:{folded}" if kind else folded)
    gazetteer = Gazetteer(blocked=blocked)
    for pk, (kind, entity_names, lowercase) in _names_by_entity(Entity.objects.all()).items():
        gazetteer.remember(pk, kind, entity_names, lowercase)
    gazetteer.learned_ids = set()
    gazetteer.unconfirmed = False
    _teach_segmenter(gazetteer, gazetteer.names)
    _state.gazetteer = gazetteer


# jieba's part-of-speech tags for names it learns: person names, organization names.
_TAGS = {EntityKind.PERSON: "nr", EntityKind.ORGANIZATION: "nt"}


def _teach_segmenter(gazetteer, words) -> None:
    """Add names to jieba's dictionary, tagged, so that segmentation keeps them whole."""
    by_tag = {}
    for word in words:
        if len(word) > 1 and gazetteer.names.get(word):
            by_tag.setdefault(_TAGS.get(gazetteer.names[word][0].kind), []).append(word)
    for tag, tagged in by_tag.items():
        add_words(tagged, tag=tag)


def _learn_changes(version) -> bool:
    """Learn what was added since the last version; False when something was edited,
    deleted or blocked (then only a rebuild is right)."""
    old = _state.version
    if old is None or version[3:] != old[3:] or version[1] is None:
        return False
    since = old[1]
    changed = Entity.objects.filter(updated_at__gt=since) if since else Entity.objects.all()
    gazetteer = _state.gazetteer
    new_words = []
    for pk, (kind, entity_names, lowercase) in _names_by_entity(changed).items():
        known = gazetteer.entity_names.get(pk)
        if known is not None and (gazetteer.entity_kinds[pk] != kind or not known.items() <= entity_names.items()):
            return False
        new_words.extend(gazetteer.remember(pk, kind, entity_names, lowercase))
    # Fewer or more entities than known: a deletion, a rolled-back creation, or a change
    # committed out of order. Only a rebuild is sure to be right then.
    if version[0] != len(gazetteer.entity_names):
        return False
    if version[2] != old[2] and not new_words:
        return False  # aliases changed without touching their entity
    _teach_segmenter(gazetteer, new_words)
    gazetteer.unconfirmed = False  # everything it knows is in the database as of `version`
    return True
