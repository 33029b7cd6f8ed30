"""Entity names marked in an article's shown text.

Matching happens on folded text (`text.fold_with_offsets`), so 奧特曼 in a traditional
article is found by the alias 奥特曼 and `JASON WEI` by `Jason Wei`; the offsets map each
match back to the shown text. The shown text is escaped first and the marks inserted
between escaped pieces, so nothing in an article can become markup.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.text import fold, fold_with_offsets

_LATIN_EDGE = re.compile(r"[a-z0-9]")


def _pattern(needles: list[str]) -> re.Pattern:
    """One alternation of `needles` in their order; group n<i> is needles[i].
    Latin names only match as whole words (Wei is not inside Weibo)."""
    parts = []
    for index, needle in enumerate(needles):
        before = r"(?<![a-z0-9])" if _LATIN_EDGE.match(needle[0]) else ""
        after = r"(?![a-z0-9])" if _LATIN_EDGE.match(needle[-1]) else ""
        parts.append(f"{before}(?P<n{index}>{re.escape(needle)}){after}")
    return re.compile("|".join(parts))


def name_spans(text: str, names: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, label) of every name in `text`; `names` maps each name to its label."""
    labels = {}
    for name, label in names.items():
        needle = fold(name).strip()
        if needle:
            labels.setdefault(needle, label)
    if not labels:
        return []
    needles = sorted(labels, key=len, reverse=True)  # the longest name wins where two overlap
    folded, offsets = fold_with_offsets(text)
    spans = []
    for match in _pattern(needles).finditer(folded):
        needle = needles[int(match.lastgroup[1:])]
        spans.append((offsets[match.start()], offsets[match.end() - 1] + 1, labels[needle]))
    return spans


def _marked(text: str, names: dict[str, str]) -> str:
    pieces, position = [], 0
    for start, end, label in name_spans(text, names):
        pieces.append(escape(text[position:start]))
        pieces.append(f'<mark class="{escape(label)}">{escape(text[start:end])}</mark>')
        position = end
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def marked_paragraphs(text: str, names: dict[str, str]) -> SafeString:
    """`text` as escaped HTML paragraphs (one per line), each name inside <mark class="label">."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return mark_safe("".join(f"<p>{_marked(line, names)}</p>" for line in paragraphs))
