"""What editors do to entities, each followed by re-linking the articles it touches.

Every function here changes the entities, then recomputes the mentions of every
affected article and refreshes its search index (which holds entity names), so that
what readers see follows the edit at once.
"""

from django.db import transaction
from django.db.models import Q

from articles import search
from articles.entities import gazetteer
from articles.entities.linking import link_article
from articles.models import Alias, Article, BlockedName, Entity, Mention, MergedEntity
from articles.text import fold


def relink(articles, each=lambda done: None) -> int:
    """Recompute mentions and the search index of `articles`; return how many.
    `each(done)` is called after every article (for progress)."""
    gazetteer.invalidate()
    done = 0
    for article in articles:
        with transaction.atomic():
            link_article(article)
            search.index_article(article)
        done += 1
        each(done)
    return done


def affected_articles(entity_ids=(), folded_names=()):
    """Articles that mention these entities now or contain one of these names (found
    through the search index: a quoted name matches exactly where the text has it)."""
    condition = Q(mentions__entity__in=list(entity_ids))
    for name in folded_names:
        if name.strip():
            phrase = '"' + name.replace('"', " ") + '"'
            condition |= Q(pk__in=search.filter_articles(Article.objects.all(), phrase).values("pk"))
    return Article.objects.filter(pk__in=Article.objects.filter(condition).values("pk"))


def names_of(entity) -> set[str]:
    return {fold(entity.name), *entity.aliases.values_list("folded", flat=True)}


@transaction.atomic
def merge(target: Entity, others) -> Entity:
    """Make `others` part of `target`: their names become its aliases, their mentions
    its mentions; then they are gone."""
    others = [o for o in others if o.pk != target.pk]
    known = names_of(target)
    for other in others:
        for name in [other.name, *other.aliases.values_list("name", flat=True)]:
            if fold(name) not in known:
                Alias.objects.create(entity=target, name=name)
                known.add(fold(name))
        for mention in Mention.objects.filter(entity=other):
            kept, created = Mention.objects.get_or_create(
                article_id=mention.article_id, entity=target, defaults={"count": mention.count}
            )
            if not created:
                kept.count += mention.count
                kept.save(update_fields=["count"])
        if not target.description:
            target.description = other.description
    affected = list(affected_articles([target.pk, *(o.pk for o in others)]))
    _remember_merge(target, others)
    Entity.objects.filter(pk__in=[o.pk for o in others]).delete()
    target.reviewed = True
    target.save()
    relink(affected)
    return target


def _remember_merge(target: Entity, others) -> None:
    """Record where the merged entities went, and move the records of entities merged
    into them earlier: every old address leads to the entity that exists now."""
    MergedEntity.objects.filter(into__in=others).update(into=target)
    MergedEntity.objects.bulk_create([MergedEntity(old_id=o.pk, name=o.name, into=target) for o in others])


@transaction.atomic
def split(entity: Entity, aliases, new_name: str) -> Entity:
    """Move `aliases` of `entity` to a new entity called `new_name` (same kind)."""
    new_name = new_name.strip()
    affected = list(affected_articles([entity.pk]))
    created = Entity.objects.create(kind=entity.kind, name=new_name, reviewed=True)
    Alias.objects.filter(entity=entity, pk__in=[a.pk for a in aliases]).exclude(folded=fold(new_name)).update(
        entity=created
    )
    Alias.objects.filter(entity=entity, folded=fold(new_name)).delete()
    entity.save()  # its names changed: the gazetteer must see it
    relink(affected)
    return created


@transaction.atomic
def delete(entities) -> int:
    """Delete entities (extraction may find them again: block them to prevent it)."""
    entities = list(entities)
    affected = list(affected_articles([e.pk for e in entities]))
    Entity.objects.filter(pk__in=[e.pk for e in entities]).delete()
    relink(affected)
    return len(entities)


@transaction.atomic
def block(entities) -> int:
    """Delete entities and block all their names, so no import brings them back."""
    entities = list(entities)
    for entity in entities:
        for name in [entity.name, *entity.aliases.values_list("name", flat=True)]:
            if not BlockedName.objects.filter(folded=fold(name)).exists():
                BlockedName.objects.create(name=name, kind=entity.kind)
    return delete(entities)


@transaction.atomic
def apply_block(blocked: BlockedName) -> int:
    """A name was blocked: drop it from every entity (the entity itself when it is its
    canonical name) and re-link the articles that contained it."""
    entities = Entity.objects.all()
    if blocked.kind:
        entities = entities.filter(kind=blocked.kind)
    named = [e for e in entities.filter(Q(aliases__folded=blocked.folded) | Q(name__iexact=blocked.name)).distinct()]
    affected = list(affected_articles([e.pk for e in named], [blocked.folded]))
    for entity in named:
        if fold(entity.name) == blocked.folded:
            entity.delete()
        else:
            Alias.objects.filter(entity=entity, folded=blocked.folded).delete()
            entity.save()
    return relink(affected)


@transaction.atomic
def unblock(blocked_names) -> int:
    """Lift blocks: the articles containing the names are re-linked, so the names can be
    found again."""
    blocked_names = list(blocked_names)
    folded = [b.folded for b in blocked_names]
    BlockedName.objects.filter(pk__in=[b.pk for b in blocked_names]).delete()
    return relink(affected_articles(folded_names=folded))
