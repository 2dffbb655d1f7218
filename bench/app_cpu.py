"""CPU time per request inside the WSGI application, in one process: what a request costs
Folio itself, without gunicorn's share (accepting, parsing, writing), which every request
pays alike. Run by bench/analytics_bench.py with the server's environment:

    .venv/bin/python bench/app_cpu.py PAGE_PATH PAGE_ID [COUNT]

Prints one JSON line: milliseconds per cached page hit (``folio.wsgi.application``), per
beacon (the same application: the fast path of analytics/fast_path.py) and per beacon
answered by Django's handler (``folio.wsgi.django_application``).
"""

import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from folio.wsgi import application, django_application  # noqa: E402

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)


def environ(method, path, n, body=b""):
    """What gunicorn hands the application, behind one trusted proxy."""
    return {
        "REQUEST_METHOD": method, "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1:8000", "HTTP_USER_AGENT": BROWSER,
        "HTTP_ACCEPT_ENCODING": "gzip", "HTTP_X_FORWARDED_FOR": f"10.98.{n >> 8 & 255}.{n & 255}",
        "CONTENT_TYPE": "text/plain;charset=UTF-8", "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
    }  # fmt: skip


def ms_per_request(app, method, path, bodies, count):
    def start_response(status, headers, exc_info=None):
        statuses.add(status.split()[0])

    statuses = set()
    requests = [
        environ(method, path, n, bodies[n % len(bodies)] if bodies else b"") for n in range(count)
    ]
    started = time.process_time()
    for request in requests:
        result = app(request, start_response)
        b"".join(result)
        if hasattr(result, "close"):
            result.close()
    return (time.process_time() - started) * 1000 / count, sorted(statuses)


def main():
    page_path, page_id = sys.argv[1], int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    bodies = [
        json.dumps({"page": page_id, "audience": "guest", "view": True, "referrer": ref}).encode()
        for ref in ("", "https://www.google.com/", "https://t.co/x")
    ] + [json.dumps({"page": page_id, "audience": "guest", "read": [25, 50]}).encode()]
    figures = {}
    for name, app, method, path, sent in (
        ("page", application, "GET", page_path, None),
        ("beacon", application, "POST", "/analytics/beacon", bodies),
        ("beacon_django", django_application, "POST", "/analytics/beacon", bodies),
    ):
        ms_per_request(app, method, path, sent, 100)  # warm
        figures[name], figures[name + "_statuses"] = ms_per_request(app, method, path, sent, count)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
