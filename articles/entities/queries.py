"""What the entity pages, API and feeds read: articles naming an entity, each mention in
its sentence, how often each name was used, who appears with whom, and entity lists with
their article counts. Every count is of stories: the versions of one story (a repost, the
other script) count once."""

import re
from collections import Counter

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.highlight import name_spans
from articles.kept import kept
from articles.models import Entity, EntityKind, Mention
from articles.text import fold


def mentioned(entities):
    """The entities some article mentions."""
    return entities.filter(Exists(Mention.objects.filter(entity=OuterRef("pk"))))


def _stories(mentions: str = "mentions"):
    """The stories of the articles behind `mentions`, each counted once."""
    return Count(Coalesce(f"{mentions}__article__canonical_id", f"{mentions}__article_id"), distinct=True)


def with_article_counts(entities):
    return entities.annotate(article_count=_stories()).prefetch_related("aliases")


def matching(entities, query: str):
    """Entities whose name or an alias contains `query`, in any script or case."""
    query = (query or "").replace("\x00", "").strip()  # PostgreSQL text cannot hold NUL
    if not query:
        return entities
    named = Entity.objects.filter(Q(name__icontains=query) | Q(aliases__folded__contains=fold(query)))
    return entities.filter(pk__in=named.values("pk"))


def merged_into(model, pk):
    """The entity (of `model`, Person or Organization) that entity `pk` was merged into, or None."""
    return model.objects.filter(merged__old_id=pk).first()


def mentions_of(entity):
    """The entity's mentions with their articles, newest article first, one per story:
    a version is listed only where its canonical article does not name the entity too."""
    mentioned_in_canonical = Mention.objects.filter(entity=entity, article=OuterRef("article__canonical"))
    return (
        Mention.objects.filter(entity=entity)
        .filter(Q(article__canonical__isnull=True) | ~Exists(mentioned_in_canonical))
        .select_related("article")
        .order_by(F("article__published_at").desc(nulls_last=True), "-article_id")
    )


class MentionList:
    """`mentions_of(entity)` for a paginator: the order is kept (one number a mention),
    so counting and turning pages do not sort the mentions of a busy entity each time."""

    def __init__(self, entity):
        self.ids = kept(f"mentions:{entity.pk}", lambda: list(mentions_of(entity).values_list("pk", flat=True)))

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, part: slice) -> list:
        ids = self.ids[part]
        found = Mention.objects.select_related("article").in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]  # one deleted since: left out


def companions(entity, limit: int = 12) -> dict[str, list]:
    """{kind: the `limit` entities of that kind mentioned in the most stories that also
    mention `entity`, most first}; each has `count`: how many such stories."""
    ranked = kept(f"companions:{entity.pk}:{limit}", lambda: _companions(entity.pk, limit))
    found = Entity.objects.in_bulk([pk for pk, _, _ in ranked])
    together = {kind: [] for kind in EntityKind.values}
    for pk, kind, count in ranked:
        if pk in found:  # one deleted since: left out
            found[pk].count = count
            together[kind].append(found[pk])
    return together


def _companions(entity_id: int, limit: int) -> list[tuple[int, str, int]]:
    """(id, kind, stories together) of the `limit` companions of each kind, most first.
    One statement for every kind: at 100k articles the stories of a busy entity are a
    fifth of the archive, and reading their mentions is most of the cost."""
    with connection.cursor() as cursor:
        cursor.execute(
            """WITH stories AS (
                   SELECT DISTINCT COALESCE(a.canonical_id, a.id) AS story
                   FROM articles_mention m JOIN articles_article a ON a.id = m.article_id
                   WHERE m.entity_id = %(entity)s
               ), together AS (
                   SELECT e.id, e.kind, e.name, count(DISTINCT COALESCE(a.canonical_id, a.id)) AS stories
                   FROM articles_article a
                   JOIN articles_mention m ON m.article_id = a.id
                   JOIN articles_entity e ON e.id = m.entity_id
                   WHERE COALESCE(a.canonical_id, a.id) IN (SELECT story FROM stories) AND m.entity_id <> %(entity)s
                   GROUP BY e.id
               )
               SELECT id, kind, stories FROM (
                   SELECT *, row_number() OVER (PARTITION BY kind ORDER BY stories DESC, name) AS place FROM together
               ) ranked WHERE place <= %(limit)s ORDER BY stories DESC, name""",
            {"entity": entity_id, "limit": limit},
        )
        return cursor.fetchall()


_SENTENCE_END = re.compile(r"[。！？!?\n]")
CONTEXT_WIDTH = 160  # shown characters of a long sentence around its first mention


def contexts(text: str, names, limit: int = 3) -> tuple[list[SafeString], int]:
    """The sentences of `text` that name the entity (any of `names`), escaped, each name
    in <mark>: the first `limit` of them, and how many there are in all. The longest
    name wins where names overlap, as in linking."""
    spans = name_spans(text, dict.fromkeys(names, "mention"))
    sentences = {}
    for start, end, _ in spans:
        begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
        close = _SENTENCE_END.search(text, end)
        sentences.setdefault(begin, (close.end() if close else len(text), []))[1].append((start, end))
    shown = [_marked_sentence(text, begin, stop, marks) for begin, (stop, marks) in sentences.items()]
    return shown[:limit], len(shown)


def _marked_sentence(text, begin, stop, marks) -> SafeString:
    if stop - begin > CONTEXT_WIDTH:  # around the first mention, cut on both sides
        begin = max(begin, marks[0][0] - CONTEXT_WIDTH // 3)
        stop = min(stop, begin + CONTEXT_WIDTH)
    pieces, cursor = [], begin
    for start, end in marks:
        if start < cursor or end > stop:
            continue
        pieces += [escape(text[cursor:start]), "<mark>", escape(text[start:end]), "</mark>"]
        cursor = end
    pieces.append(escape(text[cursor:stop]))
    return mark_safe("".join(pieces).strip())


def alias_usage(entity) -> list[tuple[str, int]]:
    """The entity's names (canonical first, then aliases) with how often each was written
    in the articles that mention it, most used first after the canonical name."""
    used = Counter()
    for form, count in kept(f"forms:{entity.pk}", lambda: _forms_written(entity.pk)):
        used[fold(form)] += count
    aliases = sorted(entity.aliases.all(), key=lambda a: (-used[a.folded], a.name))
    return [(entity.name, used[fold(entity.name)]), *((a.name, used[a.folded]) for a in aliases)]


def _forms_written(entity_id: int) -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT form, sum(value::integer) FROM articles_mention, jsonb_each_text(forms) AS f(form, value)"
            " WHERE entity_id = %s GROUP BY form",
            [entity_id],
        )
        return cursor.fetchall()
