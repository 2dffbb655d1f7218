"""The soak's clients: threads that read like visitors and, now and then, edit like editors."""

import random
import threading
import time
from dataclasses import dataclass

import requests
from publish import AdminSession
from soak_forms import edit_form_data
from soak_traffic import CACHE_BUSTED_SHARE, EDITS, READS, cache_buster, read_path, retitled

EDITOR, EDITOR_PASSWORD = "soak-editor", "soak-editor-password-5b2e91"


@dataclass
class Sample:
    at: float  # seconds since traffic started
    kind: str
    ms: float
    error: str = ""  # empty when the response was what the request expects
    cache: str = ""  # X-Folio-Cache of anonymous reads: hit or miss


class Run:
    """Shared state of the client threads: the samples and the stop signal."""

    def __init__(self, clients):
        self.clients = clients
        self.samples = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.started = time.monotonic()
        self.threads = []

    def record(self, sample):
        with self.lock:
            self.samples.append(sample)

    def start(self, base, site):
        self.threads = [Client(n, base, site, self) for n in range(self.clients)]
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=120)


class Client(threading.Thread):
    """One reader who is sometimes an editor, with the admin session an editor keeps."""

    def __init__(self, number, base, site, run):
        super().__init__(daemon=True)
        self.base, self.site, self.run_state = base, site, run
        self.rng = random.Random(number)
        self.reader = requests.Session()
        self.editor = AdminSession(base)
        # Editors work on different posts, as people do (no edit conflicts between clients).
        self.own_posts = site.posts[number :: run.clients]
        self.edits = 0

    def run(self):
        kinds = list(READS) + list(EDITS)
        weights = list(READS.values()) + list(EDITS.values())
        while not self.run_state.stopping.is_set():
            kind = self.rng.choices(kinds, weights)[0]
            if kind in EDITS:
                self.edit(publish=kind == "publish")
            else:
                self.read(kind)

    def timed(self, kind, call, expected):
        """Run ``call`` (→ status, cache header, body), record it; the body when as expected."""
        started = time.monotonic()
        status, cache, body = None, "", None
        try:
            status, cache, body = call()
            error = "" if status == expected else f"HTTP {status}"
        except (OSError, RuntimeError) as exc:  # requests' and urllib's errors are OSErrors
            error = f"{type(exc).__name__}: {exc}"
        at = started - self.run_state.started
        ms = (time.monotonic() - started) * 1000
        self.run_state.record(Sample(at=at, kind=kind, ms=ms, error=error, cache=cache))
        return None if error else body

    def read(self, kind):
        path = read_path(kind, self.site, self.rng)
        if kind not in ("API list", "API detail") and self.rng.random() < CACHE_BUSTED_SHARE:
            path += ("&" if "?" in path else "?") + cache_buster(self.rng)

        def get():
            response = self.reader.get(self.base + path, timeout=30)
            return response.status_code, response.headers.get("X-Folio-Cache", ""), None

        self.timed(kind, get, 200)

    def admin(self, path, data=None):
        pairs = None
        if data is not None:
            pairs = [
                (k, v) for k, vs in data.items() for v in (vs if isinstance(vs, list) else [vs])
            ]
        status, html = self.editor.request(path, pairs)
        return status, "", html

    def log_in(self):
        def log_in():
            self.editor.log_in(EDITOR, EDITOR_PASSWORD)
            return 302, "", ""

        return self.timed("admin login", log_in, 302) is not None

    def edit(self, *, publish):
        """Open a post in the admin, change its title, save a draft or publish."""
        if "sessionid" not in self.editor.cookies and not self.log_in():
            return
        post = self.rng.choice(self.own_posts)
        url = f"/admin/pages/{post['id']}/edit/"
        form = self.timed("admin edit form", lambda: self.admin(url), 200)
        if form is None:
            return
        self.edits += 1
        data = edit_form_data(form)
        data["title"] = retitled(data["title"], self.edits)
        if publish:
            data["action-publish"] = "action-publish"
        kind = "publish" if publish else "save draft"
        self.timed(kind, lambda: self.admin(url, data), 302)
