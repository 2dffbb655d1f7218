"""The stock Wagtail blog in bench/reference/, built with the same posts as Folio."""

import dataclasses
import os
import time
from pathlib import Path

from servers import SECRET_KEY, Server, database_exists, manage, reset_database

REFERENCE = Path(__file__).resolve().parent / "reference"


def reference_environment(db_url, folio_db_url, workdir):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="reference.settings.bench",
        DATABASE_URL=db_url,
        FOLIO_DATABASE_URL=folio_db_url,
        FOLIO_MEDIA_ROOT=str(workdir / "media"),
        SECRET_KEY=SECRET_KEY,
        MEDIA_ROOT=str(workdir / "reference-media"),
        STATIC_ROOT=str(workdir / "reference-static"),
    )
    return env


@dataclasses.dataclass
class ReferenceSite:
    env: dict

    def build(self, *, reuse=False):
        db_url = self.env["DATABASE_URL"]
        marker = Path(self.env["MEDIA_ROOT"]).parent / f"{db_url.rsplit('/', 1)[1]}.built"
        if reuse and marker.exists() and database_exists(db_url):
            print(f"  reusing the stock Wagtail reference at {db_url}", flush=True)
            return
        marker.unlink(missing_ok=True)
        started = time.monotonic()
        reset_database(db_url)
        manage(self.env, "migrate", "--noinput", "-v0", cwd=REFERENCE)
        manage(self.env, "copy_folio_content", cwd=REFERENCE)
        manage(self.env, "collectstatic", "--noinput", "-v0", cwd=REFERENCE)
        marker.write_text(f"copied from {self.env['FOLIO_DATABASE_URL']}\n")
        print(f"  built the stock Wagtail reference in {time.monotonic() - started:.0f}s")

    def serve(self, port):
        # The home page answers fast; the stock blog index renders every post.
        return Server(self.env, port, app="reference.wsgi", cwd=REFERENCE, ready_path="/")
