"""Drive load at one URL: wrk when installed, else a small threaded Python client."""

import re
import shutil
import statistics
import subprocess
import threading
import time
import urllib.parse
from http.client import HTTPConnection

# Every browser asks for compressed responses; whitenoise (the static file) and the page
# cache (pages, API) both keep a gzipped copy for them.
REQUEST_HEADERS = {"Accept-Encoding": "gzip"}


def run_load(url, *, duration, connections):
    if shutil.which("wrk"):
        return run_wrk(url, duration, connections)
    return run_python(url, duration, connections)


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def run_wrk(url, duration, connections):
    output = subprocess.run(
        # gunicorn gives up on a request after 30 s: wrk waits as long (its default is 2 s).
        [
            "wrk",
            "-t",
            "1",
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--timeout",
            "30s",
            "--latency",
            *[arg for name, value in REQUEST_HEADERS.items() for arg in ("-H", f"{name}: {value}")],
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    # Requests wrk gave up on are errors too, not latencies.
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", output)

    def parse(text):
        value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
        return to_ms(value, unit)

    return {
        "rps": rps,
        "p50": parse(latency["50"]),
        "p99": parse(latency["99"]),
        "errors": (int(errors.group(1)) if errors else 0)
        + (int(timeouts.group(1)) if timeouts else 0),
    }


def run_python(url, duration, connections):
    parts = urllib.parse.urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + duration

    def worker():
        conn = HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.monotonic() < deadline:
            started = time.monotonic()
            conn.request("GET", path, headers=REQUEST_HEADERS)
            response = conn.getresponse()
            response.read()
            elapsed = (time.monotonic() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status >= 400:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    if not latencies:
        return {"rps": 0, "p50": 0, "p99": 0, "errors": errors[0]}
    return {
        "rps": len(latencies) / duration,
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "errors": errors[0],
    }
