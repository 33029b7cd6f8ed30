"""Snippets: a piece of the shown text around the first match, every match marked.

Matching runs on folded text (a simplified query marks traditional text); the marks are
mapped back onto the shown text through `fold_with_offsets`.
"""

import html
import re

from django.utils.safestring import SafeString, mark_safe

from articles.search.query import Query, term_of
from articles.text import fold, fold_with_offsets

SNIPPET_LENGTH = 120
SNIPPET_SOURCE = 20_000  # characters of a text that snippets are looked for in
_BEFORE, _AFTER = 40, 200  # shown characters around the first match that get folded with offsets
_HEAD = 3_000  # characters folded first to find the first match in
_MARGIN = 1_000  # longer than any term's match: a query is at most 200 characters


def snippet_patterns(query: Query, entities) -> list[re.Pattern]:
    """What snippets mark: the query's terms, and every name of the entities the query
    names (an article found through 奥特曼 may say Sam Altman or 阿特曼)."""
    names = {name for entity in entities for name in [entity.name, *(a.name for a in entity.aliases.all())]}
    terms = query.terms + [term for term in map(term_of, sorted(names)) if term]
    return [term.pattern() for term in terms]


def snippet(text: str, patterns, length: int = SNIPPET_LENGTH) -> SafeString:
    """A piece of the shown `text` around the first match, HTML-escaped, with every match
    in it wrapped in <mark>. Matching runs on folded text, so a simplified query marks
    traditional text. Only the text around the first match is folded with offsets: fold
    keeps almost every character's length, so a folded position is close to the shown one."""
    first = _first_match(text, patterns)
    if first is None:
        return _marked(text, [], length)
    piece = text[max(0, first - _BEFORE) : first + _AFTER]
    spans = _spans(piece, patterns)
    if not spans:  # lengths changed a lot before the match
        piece, spans = text, _spans(text, patterns)
    return _marked(piece, spans, length, cut_before=first > _BEFORE)


def _first_match(text: str, patterns) -> int | None:
    """Where the first match starts in folded `text`. The start is folded first (where a
    story names what it is about): a match found there well before its end is the first
    one, as no term's match is longer than the margin; else the whole text is folded."""
    for source in (text[:_HEAD], text) if len(text) > _HEAD else (text,):
        folded = fold(source)
        first = min((m.start() for p in patterns if (m := p.search(folded))), default=None)
        if source is text or (first is not None and first < len(folded) - _MARGIN):
            return first
    return None


def _spans(shown: str, patterns) -> list[tuple[int, int]]:
    """Spans of shown text whose folded form matches, leftmost-longest, not overlapping."""
    folded, offsets = fold_with_offsets(shown)
    found = []
    for pattern in patterns:
        for match in pattern.finditer(folded):
            if match.end() > match.start():
                found.append((offsets[match.start()], offsets[match.end() - 1] + 1))
    found.sort(key=lambda span: (span[0], -span[1]))
    spans = []
    for start, end in found:
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


def _marked(shown: str, spans, length: int, cut_before: bool = False) -> SafeString:
    begin = max(0, spans[0][0] - length // 4) if spans else 0
    end = min(len(shown), begin + length)
    out, cursor = [], begin
    for start, stop in spans:
        if start >= end:
            break
        out.append(html.escape(shown[cursor:start]))
        out.append("<mark>" + html.escape(shown[start:stop]) + "</mark>")
        cursor = stop
    out.append(html.escape(shown[cursor:end]) if cursor < end else "")
    body = " ".join("".join(out).split())
    return mark_safe(("…" if begin > 0 or cut_before else "") + body + ("…" if end < len(shown) else ""))
