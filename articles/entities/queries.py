"""What the entity pages, API and feeds read: articles naming an entity, who appears
with whom, and entity lists with their article counts."""

from django.db.models import Count, Exists, F, OuterRef, Q

from articles.models import Entity, Mention
from articles.text import fold


def mentioned(entities):
    """The entities some article mentions."""
    return entities.filter(Exists(Mention.objects.filter(entity=OuterRef("pk"))))


def with_article_counts(entities):
    return entities.annotate(article_count=Count("mentions")).prefetch_related("aliases")


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
    """Entities of `kind` mentioned in the most articles that also mention `entity`;
    each has `count`: how many such articles."""
    shared = Mention.objects.filter(entity=entity).values("article_id")
    return (
        Entity.objects.filter(kind=kind, mentions__article_id__in=shared)
        .exclude(pk=entity.pk)
        .annotate(count=Count("mentions"))
        .order_by("-count", "name")[:limit]
    )
