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
from articles.models import Entity, Mention
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


def companions(entity, kind: str, limit: int = 12):
    """Entities of `kind` mentioned in the most stories that also mention `entity`;
    each has `count`: how many such stories."""
    stories = Mention.objects.filter(entity=entity).values(story=Coalesce("article__canonical_id", "article_id"))
    in_those = Q(mentions__article_id__in=stories) | Q(mentions__article__canonical_id__in=stories)
    return (
        Entity.objects.filter(in_those, kind=kind)
        .exclude(pk=entity.pk)
        .annotate(count=_stories())
        .order_by("-count", "name")[:limit]
    )


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
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT form, sum(value::integer) FROM articles_mention, jsonb_each_text(forms) AS f(form, value)"
            " WHERE entity_id = %s GROUP BY form",
            [entity.pk],
        )
        used = Counter()
        for form, count in cursor.fetchall():
            used[fold(form)] += count
    aliases = sorted(entity.aliases.all(), key=lambda a: (-used[a.folded], a.name))
    return [(entity.name, used[fold(entity.name)]), *((a.name, used[a.folded]) for a in aliases)]
