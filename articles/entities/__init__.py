"""People and organizations: finding them in articles, linking their names, editing them.

- `linking.link_article(article)`: an article's mentions recomputed; the import calls its
  parts, `find_mentions` before the row is written, `save_mentions` after, and
  `editing.record_sightings` once the article has joined its story;
  `mentioned_names` gives the index the names of the entities found.
- `gazetteer`: every known name, matched in one pass, kept in step with the database.
- `finders`: new names on evidence (Latin names, `陳信翰(Mark Chen)` pairs, bylines …).
- `editing`: merge, split, delete, block, each re-linking the articles it touches.
- `loading`: the gazetteer data file (data/entities.yaml) into the database.
"""

from articles.entities.linking import find_mentions, link_article, mentioned_names, save_mentions

__all__ = ["find_mentions", "link_article", "mentioned_names", "save_mentions"]
