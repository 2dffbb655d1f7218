"""Copy the whole database to a file and back, with each vendor's own consistent tool.

PostgreSQL: ``pg_dump``/``pg_restore`` in the custom format (one snapshot, compressed,
restorable into any empty database whatever its owner). SQLite: the online backup API,
which copies a consistent snapshot while the site keeps serving.
"""

import os
import sqlite3
import subprocess
from contextlib import closing

from django.core.management.base import CommandError

DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


def dump_file_name(connection):
    try:
        return DUMP_FILES[connection.vendor]
    except KeyError:
        raise CommandError(
            f"Backups support PostgreSQL and SQLite, not {connection.vendor}."
        ) from None


def dump_database(connection, path):
    if connection.vendor == "postgresql":
        run_pg_tool(
            connection,
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"],
        )
    else:
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as target:
            connection.connection.backup(target)


def restore_database(connection, path):
    if connection.vendor == "postgresql":
        run_pg_tool(
            connection,
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ],
        )
    else:
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as source:
            source.backup(connection.connection)
    # Whatever the connection cached about the old, empty database is stale now.
    connection.close()


def pg_environment(settings_dict):
    """libpq's variables for the connection, so no password shows in a process list."""
    env = dict(os.environ)
    variables = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": settings_dict.get("OPTIONS", {}).get("sslmode"),
    }
    env.update({name: str(value) for name, value in variables.items() if value})
    return env


def run_pg_tool(connection, command):
    try:
        result = subprocess.run(
            command, env=pg_environment(connection.settings_dict), capture_output=True, text=True
        )
    except FileNotFoundError:
        raise CommandError(
            f"{command[0]} is not installed (apt-get install postgresql-client)."
        ) from None
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")
