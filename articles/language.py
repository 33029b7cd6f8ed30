"""The interface language: Chinese unless the visitor chose another.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a reader whose
browser happens to be set to English would get an English archive they never asked
for. Here the language comes only from the visitor's choice (the cookie Django's
`set_language` view writes) and is Chinese otherwise.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request) -> str:
    choice = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return choice if choice in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class InterfaceLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
