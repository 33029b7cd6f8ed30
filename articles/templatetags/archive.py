"""Template helpers shared by the pages: links that keep the current filters, `lang`."""

from django import template

from articles import script

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """This page's query string with `page` set to `number` (other parameters kept)."""
    params = context["request"].GET.copy()
    params["page"] = number
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def url_without(context, *names) -> str:
    """This page's query string without the parameters `names` (and without `page`)."""
    params = context["request"].GET.copy()
    for name in (*names, "page"):
        params.pop(name, None)
    return f"?{params.urlencode()}" if params else "?"


@register.simple_tag(takes_context=True)
def reading_lang(context, written_script) -> str:
    """The `lang` attribute of a text written in `written_script`, as this visitor sees it."""
    return script.lang_attribute(written_script, context["request"])


@register.simple_tag
def nearby_pages(page) -> list:
    """Page numbers around the current one, with the first and last (… for the gaps)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def minutes(duration) -> int:
    """A timedelta in whole minutes (how long a locked-out login waits)."""
    return round(duration.total_seconds() / 60) if duration else 0
