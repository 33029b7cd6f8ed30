"""What the entity pages, API and feeds read: articles naming an entity, who appears
with whom, and entity lists with their article counts. Every count is of stories: the
versions of one story (a repost, the other script) count once."""

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce

from articles.models import Entity, Mention
from articles.text import fold


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
