"""HTML bodies: sanitised HTML for display and plain text for search."""

from html.parser import HTMLParser

import nh3

from articles.text import clean

_BLOCKS = {"p", "div", "br", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre"}


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def sanitise(body: str) -> str:
    return nh3.clean(body, link_rel="noopener noreferrer nofollow")


def to_text(body: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(body)
    return clean("".join(extractor.parts))


def render(body: str) -> tuple[str, str]:
    """(sanitised HTML, plain text) of an HTML body."""
    safe = sanitise(body)
    return safe, to_text(safe)
