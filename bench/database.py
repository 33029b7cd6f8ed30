"""A benchmark's own database on the project's PostgreSQL server, kept between runs."""

import psycopg
from psycopg import sql


def use_database(name: str) -> None:
    """Create database `name` when missing, point Django's connection at it, migrate it.
    Scoped to it: work_mem 64MB (bitmaps of common words stay exact) and jit off
    (compiling a plan costs more than these queries take)."""
    from django.core.management import call_command
    from django.db import connection

    settings = connection.settings_dict
    params = {"dbname": "postgres", "user": settings["USER"], "host": settings["HOST"]}
    params.update({k: settings[v] for k, v in (("port", "PORT"), ("password", "PASSWORD")) if settings.get(v)})
    with psycopg.connect(**params, autocommit=True) as server:
        if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        for setting in ("work_mem = '64MB'", "jit = off"):
            server.execute(sql.SQL("ALTER DATABASE {} SET " + setting).format(sql.Identifier(name)))
    connection.close()
    settings["NAME"] = name
    call_command("migrate", verbosity=0)
