"""What every API endpoint shares: pagination parameters, errors, JSON output."""

from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


class BadRequest(ValueError):
    pass


def positive_int(value, name, default, maximum=None):
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number") from None
    if number < 1 or (maximum and number > maximum):
        limit = f" and at most {maximum}" if maximum else ""
        raise BadRequest(f"{name} must be at least 1{limit}")
    return number


def paginate(request, queryset):
    """(page of objects, total) from `page` and `page_size` (at most 100) parameters."""
    page_number = positive_int(request.GET.get("page"), "page", 1)
    page_size = positive_int(request.GET.get("page_size"), "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    paginator = Paginator(queryset, page_size)
    try:
        page = paginator.page(page_number)
    except EmptyPage:
        return [], paginator.count
    return list(page.object_list), paginator.count


def published_json(value):
    """A publication as its source gives it: `2024-11-14`, or a time with its own offset."""
    return value.isoformat() if value else None


def json_response(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def json_error(message, status=400):
    return json_response({"error": message}, status=status)


def entity_brief(entity, request):
    """How every endpoint names a person or organization."""
    return {
        "id": entity.pk,
        "kind": entity.kind,
        "name": entity.name,
        "aliases": [alias.name for alias in entity.aliases.all()],
        "url": request.build_absolute_uri(entity.get_absolute_url()),
    }
