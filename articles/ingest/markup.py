"""Bodies: sanitised HTML for display and plain text for search, from HTML, Markdown
or plain text. Images stay images (`<img>` in the HTML) and never become URL text."""

import html
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import nh3
from markdown_it_pyrs import MarkdownIt

from articles.ingest.limits import check_html_nesting, check_markdown_nesting
from articles.text import clean

_DROPPED_WITH_CONTENT = {"script", "style", "noscript", "iframe", "object", "template", "nav", "form"}
_TAGS = (nh3.ALLOWED_TAGS | {"figure", "figcaption", "section", "picture"}) - _DROPPED_WITH_CONTENT
_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "img": {"src", "alt", "title", "width", "height"}}
# Remote images load without telling their host where they are shown (WeChat's image
# host refuses hot-linked requests that carry a referrer) and only when scrolled to.
_IMG_DEFAULTS = {"img": {"loading": "lazy", "referrerpolicy": "no-referrer"}}
_BLOCKS = {"p", "div", "br", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "section", "figure"}
# markdown-it's CommonMark (raw HTML allowed, sanitised after), in Rust: parsing is most
# of what reading a Markdown file costs, and the Python port took five times as long.
_MARKDOWN = MarkdownIt("commonmark").enable_many(["table", "strikethrough"])
_IMAGE_PROXY_TARGET = ("url", "u", "src", "target")


def image_url(src: str) -> str:
    """The real address of an image: scheme-less URLs get https, and image-proxy
    wrappers (`cdn…/?r=…&url=https://img…`) are unwrapped to the image they serve."""
    src = html.unescape(src.strip())
    if not src or src.startswith("data:"):
        return ""
    if src.startswith("//"):
        src = "https:" + src
    elif not re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) and re.match(r"^[\w-]+(\.[\w-]+)+/", src):
        src = "https://" + src
    parts = urlsplit(src)
    if parts.scheme.lower() not in ("http", "https"):
        return ""  # javascript:, file:, a relative path: nothing a reader's browser should load
    if parts.query:
        inner = src.split("?", 1)[1]
        for key in _IMAGE_PROXY_TARGET:
            match = re.search(rf"(?:^|&){key}=(https?(?::|%3A)[^&]*.*)$", inner, re.I)
            if match:
                wrapped = match.group(1)
                if "%3A" in wrapped[:8].upper():
                    wrapped = parse_qs(f"{key}={wrapped}")[key][0]
                return image_url(_without_processing(wrapped))
    return _without_processing(src)


def _without_processing(url: str) -> str:
    # `x-oss-process=image/format,jpg/...` only re-encodes the image; the plain URL serves it.
    return re.sub(r"[?&]x-oss-process=[^&]*$", "", url)


def _filter_attribute(tag: str, attribute: str, value: str):
    if tag == "img" and attribute == "src":
        return image_url(value) or None
    return value


def sanitise(body: str) -> str:
    """Safe HTML: no scripts, no event handlers, no javascript: URLs, no styles."""
    return nh3.clean(
        body,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attribute_filter=_filter_attribute,
        set_tag_attribute_values=_IMG_DEFAULTS,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def from_html(body: str) -> tuple[str, str, list[str]]:
    """(sanitised HTML, plain text, image URLs) of an HTML body."""
    check_html_nesting(body)
    safe = sanitise(body)
    extractor = _TextExtractor()
    extractor.feed(safe)
    extractor.close()
    return safe, clean("".join(extractor.parts)), [src for src in extractor.images if src]


# `![alt](url "title")`: WeChat exports carry dozens of long image URLs, which the
# Markdown parser would scan character by character; they are parked as short
# placeholders and put back into the rendered HTML.
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_PARKED_IMAGE = re.compile(r'src="#parked-image-(\d+)"')


# A paragraph of nothing but spaces (WeChat spaces its posts with `&nbsp;` lines).
# (\s covers U+00A0: the two alternatives never match the same text, so no backtracking.)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;)*</p>\n?")


def from_markdown(source: str) -> tuple[str, str, list[str]]:
    """(sanitised HTML, plain text, image URLs) of a Markdown body."""
    check_markdown_nesting(source)
    parked = []

    def park(match):
        url = image_url(match.group(2))
        if not url:
            return match.group(1)
        parked.append(url)
        return f"![{match.group(1)}](#parked-image-{len(parked) - 1})"

    source = _MARKDOWN_IMAGE.sub(park, source)
    rendered = _EMPTY_PARAGRAPH.sub("", _MARKDOWN.render(source))
    rendered = _PARKED_IMAGE.sub(lambda m: f'src="{html.escape(parked[int(m.group(1))])}"', rendered)
    pieces, images = [], list(parked)
    _block_text(_MARKDOWN.tree(source), pieces, images)
    return sanitise(rendered), clean("".join(pieces)), images


# The parse tree's inline nodes; every other node is a block, followed by a blank line.
_INLINE = {
    *("text", "text_special", "code_inline", "softbreak", "hardbreak"),
    *("strong", "em", "s", "link", "autolink", "image", "html_inline"),
}
# `****`: bold around nothing, left as text by the parser.
_EMPTY_EMPHASIS = re.compile(r"(?<![*_])(?:\*{4,}|_{4,})(?![*_])")


def _block_text(node, pieces: list[str], images: list[str]) -> None:
    """The plain text of a block node's children, appended to `pieces`."""
    run = []  # the inline text of the block being read
    for child in node.children:
        if child.name in _INLINE:
            _inline_text(child, run)
            continue
        pieces.append(_EMPTY_EMPHASIS.sub("", "".join(run)))
        run = []
        if child.name in ("fence", "code_block"):
            pieces.append(child.meta.get("content", ""))
        elif child.name == "html_block":
            _, text, found = from_html(child.meta.get("content", ""))
            pieces.append(text)
            images.extend(found)
        else:
            _block_text(child, pieces, images)
        pieces.append("\n\n")
    pieces.append(_EMPTY_EMPHASIS.sub("", "".join(run)))


def _inline_text(node, run: list[str]) -> None:
    """Text as a reader sees it: no image's alt text or address, no inline HTML tags."""
    if node.name in ("text", "text_special"):
        run.append(node.meta.get("content", ""))
    elif node.name in ("softbreak", "hardbreak"):
        run.append("\n")
    elif node.name == "code_inline":  # its text, untouched by the emphasis clean-up
        run.append("".join(child.meta.get("content", "") for child in node.children))
    elif node.name not in ("image", "html_inline"):
        for child in node.children:
            _inline_text(child, run)


def from_paragraphs(text: str) -> str:
    """HTML for clean plain text: one escaped paragraph per line."""
    return "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
