"""Reading in either script: the visitor's choice, and every page converted to it.

A visitor reads each article as it was written, or everything (articles and interface
alike) in simplified or in traditional characters, the latter also in Taiwan's or Hong
Kong's usage. The choice lives in a cookie.
`ScriptMiddleware` converts the finished HTML of a page with the phrase-aware OpenCC
conversion of `articles.text`; pages are cut at their tags and each piece of text is
converted once and cached, so the long, unchanging article bodies are converted once
per process while the small parts that change (a form token, a page number) stay cheap.
The admin is never converted: what an editor sees there is what is stored.
"""

import functools
import re

from django.conf import settings
from django.utils.cache import patch_vary_headers

from articles.text import to_hong_kong, to_simplified, to_taiwan, to_traditional

COOKIE = "script"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
AS_WRITTEN = ""
# 繁體 converts characters only; 繁體(台灣) and 繁體(香港) also use each region's words
# (软件 -> 軟體, 服务器 -> 伺服器), by OpenCC's phrase-aware s2twp and s2hkp.
CONVERSIONS = {"hans": to_simplified, "hant": to_traditional, "hant-tw": to_taiwan, "hant-hk": to_hong_kong}
LANG_ATTRIBUTES = {"hans": "zh-Hans", "hant": "zh-Hant", "hant-tw": "zh-Hant-TW", "hant-hk": "zh-Hant-HK"}

_TAGS = re.compile(r"(<[^>]*>)")
# An element marked translate="no" keeps its script (an example of the other script,
# the name of a script): the HTML attribute that says "leave this text as it is".
_KEPT = re.compile(r"(<(\w+)\b[^>]*\btranslate=\"no\"[^>]*>.*?</\2>)", re.DOTALL)


def chosen_script(request) -> str:
    """'hans', 'hant', or '' to show every article in the script it was written in."""
    choice = request.COOKIES.get(COOKIE, AS_WRITTEN)
    return choice if choice in CONVERSIONS else AS_WRITTEN


@functools.lru_cache(maxsize=16384)
def _convert_piece(piece: str, script: str) -> str:
    return CONVERSIONS[script](piece)


def _convert_markup(html: str, script: str) -> str:
    return "".join(piece if piece.isascii() else _convert_piece(piece, script) for piece in _TAGS.split(html))


def convert_html(html: str, script: str) -> str:
    """The page in `script`: Chinese in text and attributes converted, markup and
    elements marked translate="no" untouched."""
    pieces = _KEPT.split(html)
    # split() returns text, kept element, its tag name, text, kept element, tag name, ...
    converted = []
    for index in range(0, len(pieces), 3):
        converted.append(_convert_markup(pieces[index], script))
        if index + 1 < len(pieces):
            converted.append(pieces[index + 1])
    return "".join(converted)


def lang_attribute(written_script: str, request) -> str:
    """The `lang` of a text written in `written_script` as this visitor is shown it."""
    shown = getattr(request, "script", AS_WRITTEN) or written_script
    return LANG_ATTRIBUTES.get(shown, "zh")


def _is_reader_page(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    return (
        not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not (match and match.app_name == "admin")
    )


class ScriptMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.script = chosen_script(request)
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        if request.script and _is_reader_page(request, response):
            response.content = convert_html(response.content.decode(response.charset), request.script)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


def context(request):
    """Template context: the visitor's script and the `lang` of the interface."""
    script = getattr(request, "script", AS_WRITTEN)
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return {
        "script": script,
        "interface_lang": LANG_ATTRIBUTES.get(script, "zh-Hans") if language.startswith("zh") else language,
    }
