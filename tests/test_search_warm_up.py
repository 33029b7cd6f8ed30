"""A web worker makes its first search as it starts (newsarchive/wsgi.py), so that its
first reader does not wait for jieba, OpenCC and the gazetteer (bench/load.py measures it)."""

import logging

import pytest
from django.db import connection

from articles import search
from articles.entities import gazetteer
from articles.text import segment
from tests.search_helpers import make_article, make_person


@pytest.mark.django_db
def test_a_starting_worker_knows_the_entity_names_before_any_request():
    article = make_article("访谈", "龘靐齉表示，模型还在训练。")
    make_person("龘靐齉", articles=[article])
    gazetteer.invalidate()  # as in a new process
    assert "龘靐齉" not in segment("龘靐齉表示")
    search.warm_up()
    assert "龘靐齉" in segment("龘靐齉表示")


@pytest.mark.django_db(transaction=True)
def test_a_database_down_at_start_is_logged_and_left_to_the_first_request(caplog):
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="/nonexistent-socket-folder", PORT="1")
    try:
        with caplog.at_level(logging.WARNING, logger="articles.search.engine"):
            search.warm_up()
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert "search warm-up skipped, the database did not answer" in caplog.text
