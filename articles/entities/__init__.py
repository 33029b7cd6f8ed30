"""People and organizations: finding them in articles, linking their names, editing them.

- `linking.link_article(article)`: what the import calls for each article.
- `gazetteer`: every known name, matched in one pass, kept in step with the database.
- `finders`: new names on evidence (Latin names, `陳信翰(Mark Chen)` pairs, bylines …).
- `editing`: merge, split, delete, block, each re-linking the articles it touches.
- `loading`: the gazetteer data file (data/entities.yaml) into the database.
"""

from articles.entities.linking import link_article

__all__ = ["link_article"]
