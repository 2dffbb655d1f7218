"""The address of the reader or editor behind the site's own proxies.

Behind a load balancer every request comes from the proxy's address; the client's is in
``X-Forwarded-For``, where anyone can also write whatever they like. Only the entries
appended by proxies the site trusts are believed: with ``FOLIO_TRUSTED_PROXY_COUNT`` = N
(how many proxies stand in front of gunicorn), the client is the N-th address from the
right, the one the outermost trusted proxy saw. Entries further left were sent by the
client and are ignored. With 0 (no proxy: gunicorn faces the clients) only
``REMOTE_ADDR`` counts.

Written here rather than taken from django-ipware: the rule is these few lines, and the
lockout of django-axes and anything else that limits by address must share it exactly.
"""

import ipaddress
import socket

from .cached_settings import setting


def client_address(request):
    """The client's IP address as a string, or ``None`` when the request has none."""
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = setting("FOLIO_TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < trusted:
        # Not every trusted proxy appended an address: the request did not come through
        # them all, so what it says of itself is not believed.
        return remote
    return canonical_address(forwarded[-trusted]) or remote


def canonical_address(text):
    """``text`` as ``ipaddress`` writes the address it names, or ``None`` when it names none.

    An IPv4 address is checked and written by the C library first: ``inet_pton`` takes only
    the plain dotted form that ``ipaddress`` takes (no leading zeros, no shorthand), and
    ``inet_ntop`` writes it back as ``ipaddress`` does, in a fifth of the time (the beacon
    collector asks this of every beacon). Anything else goes to ``ipaddress``.
    """
    try:
        return socket.inet_ntop(socket.AF_INET, socket.inet_pton(socket.AF_INET, text))
    except (OSError, ValueError):
        pass
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
