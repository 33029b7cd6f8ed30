"""The reader's script choice (the language choice is Django's own `set_language`)."""

from django.conf import settings
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from articles import script


def _safe_next(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@require_POST
def set_script(request):
    response = redirect(_safe_next(request))
    choice = request.POST.get("script", script.AS_WRITTEN)
    if choice in script.CONVERSIONS:
        response.set_cookie(
            script.COOKIE,
            choice,
            max_age=script.COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(script.COOKIE, samesite="Lax")
    return response
