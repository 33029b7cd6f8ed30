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
    with server(settings) as server_db:
        if not server_db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            server_db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        for setting in ("work_mem = '64MB'", "jit = off"):
            server_db.execute(sql.SQL("ALTER DATABASE {} SET " + setting).format(sql.Identifier(name)))
    connection.close()
    settings["NAME"] = name
    call_command("migrate", verbosity=0)


def server(settings, dbname: str = "postgres"):
    """An autocommit connection to one of the server's databases (`postgres`: to create others)."""
    params = {"dbname": dbname, "user": settings["USER"], "host": settings["HOST"]}
    params.update({k: settings[v] for k, v in (("port", "PORT"), ("password", "PASSWORD")) if settings.get(v)})
    return psycopg.connect(**params, autocommit=True)
