"""Template helpers shared by the pages: links that keep the current filters, `lang`."""

import datetime

from django import template
from django.utils.html import format_html

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
def published(value, with_time: bool = False):
    """`<time>` of a publication as its source gives it (Article.published): a day stays a
    day, a time is shown at its own offset (not converted to the visitor's time zone)."""
    if value is None:
        return ""
    shown = value.strftime("%Y-%m-%d %H:%M" if with_time and isinstance(value, datetime.datetime) else "%Y-%m-%d")
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), shown)


@register.simple_tag
def nearby_pages(page) -> list:
    """Page numbers around the current one, with the first and last (… for the gaps)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag(takes_context=True)
def url_with(context, name, value) -> str:
    """This page's query string with `name` set to `value` (other parameters kept, page reset)."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    params[name] = value
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def url_without_value(context, name, value) -> str:
    """This page's query string without one value of a repeated parameter (and without `page`)."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    params.setlist(name, [v for v in params.getlist(name) if v != str(value)])
    return f"?{params.urlencode()}"


@register.filter
def minutes(duration) -> int:
    """A timedelta in whole minutes (how long a locked-out login waits)."""
    return round(duration.total_seconds() / 60) if duration else 0
