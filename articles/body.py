"""An article's body as the page shows it: its images served by the archive
(articles.images), and the web addresses written in its text made into links.

The input is HTML that is already safe (sanitised on import, or escaped text): only
the text between tags is read for addresses, never an attribute, and an address inside
a link stays as it is. A made link is http(s) only, its address escaped, opened without
telling the target where it came from and without lending it our rank."""

import re

from django.utils.safestring import SafeString, mark_safe

from articles.images import local_url

LINK_REL = "noopener noreferrer nofollow"
_TAGS = re.compile(r"(<[^>]*>)")
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")', re.IGNORECASE)
# An address in escaped text: ASCII URL characters, `&` only as `&amp;` (so `&lt;` ends it).
_ADDRESS = re.compile(r"https?://(?:&amp;|[A-Za-z0-9\-._~:/?#\[\]@!$()*+,;=%])+")
_TRAILING = ".,:!?)]"  # punctuation that ends a sentence, not the address (`;` may end `&amp;`)


def shown_body(safe_html: str) -> SafeString:
    return mark_safe(_linked(_local_images(safe_html)))


def _local_images(safe_html: str) -> str:
    return _IMG_SRC.sub(lambda m: m.group(1) + local_url(m.group(2).replace("&amp;", "&")) + m.group(3), safe_html)


def _linked(safe_html: str) -> str:
    pieces, inside_link = [], 0
    for piece in _TAGS.split(safe_html):
        if piece.startswith("<"):
            name = piece[1:].split(None, 1)[0].lower().rstrip(">") if len(piece) > 2 else ""
            inside_link = max(0, inside_link + (1 if name == "a" else -1 if name == "/a" else 0))
            pieces.append(piece)
        elif inside_link > 0 or "://" not in piece:
            pieces.append(piece)
        else:
            pieces.append(_ADDRESS.sub(_link, piece))
    return "".join(pieces)


def _link(match) -> str:
    address = match.group()
    kept = address.rstrip(_TRAILING)
    # A closing bracket that has its opening one inside belongs to the address (wiki links).
    while address[len(kept) :].startswith(")") and kept.count("(") > kept.count(")"):
        kept += ")"
    return f'<a href="{kept}" rel="{LINK_REL}">{kept}</a>{address[len(kept) :]}'
