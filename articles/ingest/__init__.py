"""Import article files: read, decode, detect the format, parse, clean, fingerprint,
store — one transaction per file.

    formats/     one parser module per input format, detected by content
    decode.py    bytes → text, the encoding detected
    markup.py    sanitised HTML and plain text from HTML, Markdown or text
    metadata.py  dates, credits, publisher and site names found in any format
    prepare.py   the CPU work on one file (no database): what the workers do
    fingerprint.py   exact and near-duplicate fingerprints on folded text
    store.py     one file's transaction: article, entities, index, versions, record
    run.py       a whole import: streaming, workers, progress, summary

`import_paths()` is what the `import_articles` command runs.
"""


def import_paths(*args, **kwargs):
    from articles.ingest.run import import_paths

    return import_paths(*args, **kwargs)
