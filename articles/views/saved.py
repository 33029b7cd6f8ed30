"""Saved searches of signed-in readers: save one, "my searches" with what is new in each,
open one (which marks it seen), switch its email digest, delete it; and its private feed."""

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.analysis import saved
from articles.analysis.stories import InvalidParameter, Selection
from articles.models import SavedSearch
from articles.views.access import signed_in

FEED_SIZE = 30


@signed_in
def my_searches(request):
    searches = list(request.user.saved_searches.all())
    for search in searches:
        search.new = saved.new_count(search)
        search.feed_url = request.build_absolute_uri(reverse("saved-search-feed", args=[search.token]))
    return render(request, "articles/saved_searches.html", {"searches": searches})


@signed_in
@require_POST
def save_search(request):
    try:
        selection = Selection.from_params(request.POST)
        search = saved.save(request.user, request.POST.get("name", ""), selection, request.POST.get("email") == "on")
    except InvalidParameter as invalid:
        messages.error(request, str(invalid))
        return redirect("saved-searches")
    messages.success(request, _("已保存搜索“%(name)s”。") % {"name": search.name})
    return redirect("saved-searches")


@signed_in
def open_search(request, pk):
    search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved.mark_seen(search)
    target = "search" if saved.selection_of(search).query else "browse"
    return redirect(reverse(target) + "?" + search.params)


@signed_in
@require_POST
def change_search(request, pk):
    search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    if request.POST.get("action") == "delete":
        search.delete()
        messages.success(request, _("已删除搜索“%(name)s”。") % {"name": search.name})
    else:
        search.email_digest = request.POST.get("email") == "on"
        search.save(update_fields=["email_digest"])
    return redirect("saved-searches")


class SavedSearchFeed(Feed):
    """The newest matches of one saved search; its address (a random token) is the key."""

    feed_type = Atom1Feed

    def get_object(self, request, token):
        return get_object_or_404(SavedSearch, token=token)

    def title(self, search):
        return f"{search.name} · newsarchive"

    def link(self, search):
        return reverse("saved-search-feed", args=[search.token])

    def items(self, search):
        return saved.newest(search, limit=FEED_SIZE)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.text[:300])

    def item_pubdate(self, item):
        return item.published_at or item.imported_at

    def item_updateddate(self, item):
        return item.updated_at
