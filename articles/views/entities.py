"""Person and organization pages: names and aliases with how often each was used, the
articles that mention them (newest first, each mention in its sentence), and the people
and organizations most often mentioned with them."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from articles.analysis.stories import Selection
from articles.entities.queries import MentionList, alias_usage, companions, contexts, merged_into
from articles.models import EntityKind, Organization, Person
from articles.search import parse_filters
from articles.views.analysis import timeline_context

PAGE_SIZE = 20


def _entity_detail(request, model, pk):
    moved = merged_into(model, pk)  # ids are never reused: a merged id is nobody else's
    if moved:
        return redirect(moved, permanent=True)
    entity = get_object_or_404(model.objects.prefetch_related("aliases"), pk=pk)
    page = Paginator(MentionList(entity), PAGE_SIZE).get_page(request.GET.get("page"))
    selection = Selection(filters=parse_filters({entity.kind: str(entity.pk)}))

    names = [entity.name, *(alias.name for alias in entity.aliases.all())]
    for mention in page:
        # The names as this article wrote them, as counted; older rows have none recorded.
        mention.contexts, mention.sentences = contexts(mention.article.text, mention.forms or names)
    together = companions(entity)
    context = {
        "entity": entity,
        "names": alias_usage(entity),
        "page": page,
        "people": _together(entity, together[EntityKind.PERSON]),
        "organizations": _together(entity, together[EntityKind.ORGANIZATION]),
        "selection": selection,
        **timeline_context(request, selection, reverse("browse")),
    }
    return render(request, "articles/entity.html", context)


def _together(entity, others):
    """Each companion gets `together_url`: the stories that mention both (an AND filter)."""
    for other in others:
        other.together_url = reverse("browse") + "?" + urlencode([(entity.kind, entity.pk), (other.kind, other.pk)])
    return others


def person_detail(request, pk):
    return _entity_detail(request, Person, pk)


def organization_detail(request, pk):
    return _entity_detail(request, Organization, pk)
