"""Where a webhook may be sent: public http(s) receivers, never the network Folio runs in.

A webhook URL is typed by an admin, and Folio's server then POSTs to it: without these
checks it is a way to reach (and read) services behind the firewall: the cloud metadata
endpoint, the database's admin port, anything on localhost. So:

- only ``http://`` and ``https://``, with no user name or password in the URL;
- the host is resolved once, every address it resolves to must be public, and the
  connection goes to one of those very addresses (the Host header and TLS name stay the
  host name), so a DNS answer that changes between the check and the connection (DNS
  rebinding) cannot get through. Every spelling of an address (``2130706433``,
  ``0x7f.1``, ``[::ffff:127.0.0.1]``) is left to the system's resolver, which is what
  the connection would use, so what is checked is what is connected to;
- redirects are never followed, and no HTTP proxy from the environment is used.

``FOLIO_WEBHOOK_ALLOW_PRIVATE_TARGETS`` (off by default) lifts the address check, for a
receiver on the same private network (and the tests' receiver on 127.0.0.1).

Written here rather than taken from a library: the ones that do this (advocate) are
unmaintained and built on requests, which Folio does not otherwise need; http.client
lets a connection go to an address of our choosing in a few lines.
"""

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings

SCHEMES = ("http", "https")
SCHEME_MESSAGE = "Only http:// and https:// URLs can receive webhooks."
CREDENTIALS_MESSAGE = (
    "A webhook URL cannot carry a user name or password: receivers check the "
    "X-Folio-Signature header instead."
)
NOT_PUBLIC_MESSAGE = (
    "{host} is (or resolves to) a private, loopback, link-local, multicast or reserved "
    "address: only public addresses can receive webhooks."
)

resolve_with_the_system = socket.getaddrinfo
# Looked up through this name at every delivery, so a test can stand in for a DNS server.
resolve = resolve_with_the_system


class TargetRefused(Exception):
    """The URL may not receive webhooks; the message says why, for the delivery log."""


def private_targets_allowed():
    return getattr(settings, "FOLIO_WEBHOOK_ALLOW_PRIVATE_TARGETS", False)


def is_public(address):
    """True for an address on the public internet (IPv4 or IPv6, embedded IPv4 unwrapped)."""
    if address.version == 6:
        # An IPv4 address inside an IPv6 one is where the packets really go.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return is_public(embedded)
        if address.teredo is not None:
            return all(is_public(part) for part in address.teredo)
    # is_global leaves out private, loopback, link-local, unique-local, unspecified and
    # shared (100.64/10) addresses; multicast and reserved ranges need saying.
    return address.is_global and not address.is_multicast and not address.is_reserved


def split_target(url):
    """The (scheme, host, port, path) to connect to, or TargetRefused with the reason."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise TargetRefused(SCHEME_MESSAGE)
    if parts.username is not None or parts.password is not None:
        raise TargetRefused(CREDENTIALS_MESSAGE)
    try:
        port = parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (ValueError, UnicodeError) as error:
        raise TargetRefused(f"This URL has no valid host and port ({error}).") from error
    if not host:
        raise TargetRefused("This URL has no host.")
    scheme = parts.scheme.lower()
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port or (443 if scheme == "https" else 80), path


def checked_addresses(host, port):
    """Resolve the host once; every address must be public unless the setting allows."""
    try:
        found = resolve(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise OSError(f"{host} could not be resolved ({error})") from error
    if not private_targets_allowed():
        for *_, sockaddr in found:
            if not is_public(ipaddress.ip_address(sockaddr[0])):
                raise TargetRefused(NOT_PUBLIC_MESSAGE.format(host=host))
    return found


def connect(host, port, timeout):
    """A socket connected to one of the host's checked addresses (tried in order)."""
    last_error = None
    for family, kind, proto, _, sockaddr in checked_addresses(host, port):
        sock = socket.socket(family, kind, proto)
        sock.settimeout(timeout)
        try:
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last_error = error
    raise last_error or OSError(f"{host} has no address")


class CheckedHTTPConnection(http.client.HTTPConnection):
    def connect(self):
        self.sock = connect(self.host, self.port, self.timeout)


class CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, timeout):
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)

    def connect(self):
        sock = connect(self.host, self.port, self.timeout)
        # The certificate is checked against the host name, not the address used.
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def post(url, body, headers, timeout, excerpt_length):
    """POST to a checked address; (status, the first characters of the answer).

    A redirect is answered like any other status: the caller decides it failed.
    """
    scheme, host, port, path = split_target(url)
    connection_class = CheckedHTTPSConnection if scheme == "https" else CheckedHTTPConnection
    connection = connection_class(host, port, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        # Bytes enough for the excerpt (UTF-8 is at most 4 per character); the rest is
        # left unread: a receiver's answer is not Folio's to keep.
        start = response.read(excerpt_length * 4).decode("utf-8", "replace")
        return response.status, " ".join(start.split())[:excerpt_length]
    finally:
        connection.close()


def url_problem(url):
    """Why an admin may not save this URL, or None (the admin form's check).

    The host is resolved as a delivery would (an address in any spelling resolves to
    itself), for a clear message at once; delivery checks again, since what a name
    resolves to can change after it is saved.
    """
    try:
        _, host, port, _ = split_target(url)
    except TargetRefused as refusal:
        return str(refusal)
    if private_targets_allowed():
        return None
    try:
        checked_addresses(host, port)
    except TargetRefused as refusal:
        return str(refusal)
    except OSError:
        return None  # not resolvable now: delivery will say so if it stays that way
    return None
