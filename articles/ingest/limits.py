"""The limits a file must stay within, each with a reason a person can act on.

A hostile or broken file must cost the import little and never take it down: its size
is checked before it is read, the text it gives before it is indexed, the nesting of its
Markdown and HTML before a parser recurses into it (markdown-it's Rust parser overflows
its stack near 40,000 levels and takes the process with it; sanitising HTML grows with
the square of its depth), and the values of its YAML front matter before anything walks
them (aliases can make a few lines stand for billions of values). Every number comes
from the settings (`IMPORT_MAX_*`, see docs/security.md).
"""

import re

from django.conf import settings

from articles.ingest.errors import RejectedFile


def max_file_bytes() -> int:
    return settings.IMPORT_MAX_FILE_BYTES


def check_file_size(size: int) -> None:
    if size > max_file_bytes():
        raise RejectedFile(
            f"the file is {size / 1e6:.1f} MB, more than the limit of {max_file_bytes() / 1e6:.1f} MB"
            " (IMPORT_MAX_FILE_BYTES)"
        )


def check_text_length(text: str) -> None:
    limit = settings.IMPORT_MAX_TEXT_CHARS
    if len(text) > limit:
        raise RejectedFile(
            f"the article's text is {len(text):,} characters, more than the limit of {limit:,}"
            " (IMPORT_MAX_TEXT_CHARS; PostgreSQL's full-text index holds at most 1 MB of words)"
        )


def _too_deep(what: str, depth: int) -> RejectedFile:
    limit = settings.IMPORT_MAX_NESTING
    return RejectedFile(
        f"the {what} is nested {depth:,} levels deep, more than the limit of {limit} (IMPORT_MAX_NESTING)"
    )


# --- Markdown -------------------------------------------------------------------------

# What opens a block inside a block at the start of a line: a quote marker or a list item.
_CONTAINERS = re.compile(r"[ \t]*(?:>|[-+*][ \t]|\d{1,9}[.)][ \t])")
_INDENT = re.compile(r"[ \t]*")
# A line's run of markers and indentation: each piece is at most two levels (a tab), so
# only a run of more than half the limit can be too deep (the cheap test every file takes).
_LEADING = re.compile(r"^(?:[ \t>]|[-+*][ \t]|\d{1,9}[.)][ \t])+", re.M)
# Emphasis delimiters: a run of n of them can open n/2 nested emphases, but only when an
# equal run closes them; runs of hundreds sit in code (payloads, ASCII art) and nest
# nothing, and the parser fails only past ~70,000. So a run is refused past ten times
# the limit.
_DELIMITER_RUN = re.compile(r"[*_~]{100,}")
_RUN_FACTOR = 10


def check_markdown_nesting(source: str) -> None:
    """Refuse Markdown whose blocks or emphases nest deeper than IMPORT_MAX_NESTING."""
    limit = settings.IMPORT_MAX_NESTING
    for lead in _LEADING.finditer(source):
        if (lead.end() - lead.start()) * 2 > limit and (depth := _line_depth(lead.group(0))) > limit:
            raise _too_deep("Markdown", depth)
    for run in _DELIMITER_RUN.finditer(source):
        length = run.end() - run.start()
        if length > _RUN_FACTOR * limit and not _whole_line(source, run):  # a line of stars is a rule
            raise _too_deep("Markdown emphasis", length // 2)


def _line_depth(line: str) -> int:
    """How many blocks a line sits in: its quote and list markers, and an indented list
    item counts its indentation (two spaces a level)."""
    depth, position = 0, 0
    while marker := _CONTAINERS.match(line, position):
        if depth == 0:
            indent = _INDENT.match(line, position).group(0).expandtabs(4)
            depth += len(indent) // 2
        depth += 1
        position = marker.end()
    return depth


def _whole_line(source: str, run) -> bool:
    start = source.rfind("\n", 0, run.start()) + 1
    end = source.find("\n", run.end())
    return not source[start : end if end >= 0 else len(source)].strip(" \t*_~-")


# --- HTML -----------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
# Elements that never hold others, or that the parser closes by itself when the next
# one opens (an unclosed <p> or <li> is not nesting).
_NOT_NESTING = {
    *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"),
    *("p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot", "rt", "rp"),
}


def check_html_nesting(document: str) -> None:
    """Refuse HTML whose elements nest deeper than IMPORT_MAX_NESTING."""
    limit = settings.IMPORT_MAX_NESTING
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(document):
        if name.lower() in _NOT_NESTING or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                raise _too_deep("HTML", deepest)


# --- YAML -----------------------------------------------------------------------------


def check_yaml_size(value) -> None:
    """Refuse front matter standing for more than IMPORT_MAX_YAML_VALUES values once its
    aliases are expanded (a "billion laughs"), or nested deeper than IMPORT_MAX_NESTING,
    without expanding it: the walk stops as soon as the budget is spent."""
    budget = settings.IMPORT_MAX_YAML_VALUES
    pending = [(value, 1)]
    seen = 0
    while pending:
        item, depth = pending.pop()
        seen += 1
        if seen > budget:
            raise RejectedFile(
                f"the front matter stands for more than {budget:,} values (YAML aliases?),"
                " more than the limit (IMPORT_MAX_YAML_VALUES)"
            )
        if depth > settings.IMPORT_MAX_NESTING:
            raise _too_deep("front matter", depth)
        if isinstance(item, dict):
            pending.extend((child, depth + 1) for pair in item.items() for child in pair)
        elif isinstance(item, (list, tuple, set)):
            pending.extend((child, depth + 1) for child in item)
