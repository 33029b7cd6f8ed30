"""Templates learnt from the archive: blocks that recur across different stories.

A block is its publisher's template when it appears in at least PUBLISHER_STORIES
stories of that publisher, and the archive's when it is the template of at least
ARCHIVE_PUBLISHERS publishers (so the paragraphs of a story that many accounts repost
once each never qualify; a newcomer's first post meets the templates it shares).
The database learns them in one statement (`reclean.LEARN_SQL`, run by `manage.py
reclean`); `learn()` is the same rule over records in memory (the benchmark and the
corpus test), and a test pins that both agree.
"""

import hashlib
from collections import defaultdict

from articles.ingest.boilerplate import RULES_VERSION

PUBLISHER_STORIES = 3
ARCHIVE_PUBLISHERS = 2


def learn(records) -> dict[str, set[int]]:
    """Templates from `(publisher, story, block keys)` records: {publisher: keys}, the
    archive's under publisher ""."""
    stories = defaultdict(lambda: defaultdict(set))  # publisher → key → stories
    for publisher, story, block_keys in records:
        for block_key in block_keys:
            stories[publisher][block_key].add(story)
    own, publishers_of = {}, defaultdict(int)
    for publisher, by_key in stories.items():
        if not publisher:
            continue
        own[publisher] = {k for k, found in by_key.items() if len(found) >= PUBLISHER_STORIES}
        for block_key in own[publisher]:
            publishers_of[block_key] += 1
    archive = {k for k, count in publishers_of.items() if count >= ARCHIVE_PUBLISHERS}
    return {**own, "": archive}


def for_publisher(learnt: dict[str, set[int]], publisher: str) -> set[int]:
    """The templates that apply to one publisher's posts: the archive's and its own."""
    return learnt.get("", set()) | learnt.get(publisher, set())


def clean_key(template_keys: list[int]) -> str:
    """What a text was cleaned with: the rules' version and the templates its body held
    (`CLEAN_KEY_SQL` computes the same in the database)."""
    return hashlib.md5(f"{RULES_VERSION}:{','.join(map(str, sorted(template_keys)))}".encode()).hexdigest()
