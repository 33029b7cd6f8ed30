"""The reader's script choice (the language choice is Django's own `set_language`)."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.views.decorators.http import require_POST

from articles import script
from newsarchive.security import safe_next


@require_POST
def set_script(request):
    response = HttpResponseRedirect(safe_next(request, request.POST.get("next", "")))
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
