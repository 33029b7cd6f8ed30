"""Every matching story written out as CSV, JSON Lines or RIS, streamed: rows come from a
server-side cursor a thousand at a time and leave as text at once, so an export of any
size holds one batch in memory, never the result.

The rows are the stories `stories.matching` selects (one per story, its representing
article's fields), newest first: as many rows as the search and timeline count."""

import csv
import io
import json

from django.db import connection, transaction
from django.utils import timezone

from articles.analysis.stories import Selection, matching

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
}
BATCH = 1000
FIELDS = ("id", "title", "published_at", "source", "authors", "original_url", "archive_url", "people", "organizations")

_NAMES = """ARRAY(SELECT e.name FROM articles_mention m JOIN articles_entity e ON e.id = m.entity_id
                  WHERE m.article_id = a.id AND e.kind = '{kind}' ORDER BY m.count DESC, e.name)"""
_ROWS = f"""
SELECT a.id, a.title, a.published_at, a.site, a.authors, a.url,
       {_NAMES.format(kind="person")}, {_NAMES.format(kind="organization")}
FROM ({{stories}}) s JOIN articles_article a ON a.id = s.id
ORDER BY s.published_at DESC NULLS LAST, s.id DESC
"""


def records(selection: Selection, archive_url):
    """Each matching story as a dict of FIELDS; `archive_url(id)` makes its address here."""
    sql, params = matching(selection, "a.id, a.published_at")
    with transaction.atomic():
        if selection.query:  # as the search runs: see stories.fetch
            with connection.cursor() as plain:
                plain.execute("SET LOCAL enable_seqscan = off")
        cursor = connection.chunked_cursor()  # server-side: the rows stay in PostgreSQL
        try:
            cursor.execute(_ROWS.format(stories=sql), params)
            while batch := cursor.fetchmany(BATCH):
                for pk, title, published_at, site, authors, url, people, organizations in batch:
                    yield {
                        "id": pk,
                        "title": title,
                        "published_at": timezone.localtime(published_at).isoformat() if published_at else "",
                        "source": site,
                        "authors": [str(a) for a in authors] if isinstance(authors, list) else [],
                        "original_url": url,
                        "archive_url": archive_url(pk),
                        "people": people,
                        "organizations": organizations,
                    }
        finally:
            cursor.close()


def render(records_, fmt: str):
    """The export as pieces of text, one per story (a CSV header first)."""
    if fmt == "csv":
        yield "\ufeff" + _csv_line(FIELDS)  # the BOM makes spreadsheet programs read UTF-8
        for record in records_:
            yield _csv_line([_cell(record[f]) for f in FIELDS])
    elif fmt == "jsonl":
        for record in records_:
            yield json.dumps(record, ensure_ascii=False) + "\n"
    else:
        for record in records_:
            yield _ris(record)


def _csv_line(values) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(values)
    return out.getvalue()


def _cell(value) -> str:
    """A CSV cell; lists joined by "; ". A cell a spreadsheet would run as a formula
    (=, +, -, @ first) gets a leading apostrophe: an article's title is not a program."""
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _ris(record: dict) -> str:
    """One RIS reference (a newspaper article) for Zotero, EndNote and the like."""
    lines = [("TY", "NEWS"), ("ID", str(record["id"])), ("TI", record["title"])]
    lines += [("AU", author) for author in record["authors"]]
    if record["published_at"]:
        day = record["published_at"][:10]
        lines += [("PY", day[:4]), ("DA", day.replace("-", "/"))]
    if record["source"]:
        lines.append(("T2", record["source"]))
    if record["original_url"]:
        lines.append(("UR", record["original_url"]))
    lines.append(("L2", record["archive_url"]))
    lines += [("KW", name) for name in record["people"] + record["organizations"]]
    lines.append(("ER", ""))
    # A value never runs onto a line of its own: RIS is one tag per line.
    return "".join(f"{tag}  - {' '.join(str(value).split())}\r\n" for tag, value in lines) + "\r\n"
