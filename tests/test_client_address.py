"""The client's address behind the site's proxies (ops/client_address.py)."""

import ipaddress

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ops.client_address import canonical_address, client_address


def written_by_ipaddress(text):
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


@pytest.mark.parametrize(
    "text",
    [
        "203.0.113.7", "0.0.0.0", "255.255.255.255", "010.1.2.3", "1.2.3", "1.2.3.256",
        " 1.2.3.4", "1.2.3.4 ", "0x1.2.3.4", "1.2.3.4.5", "1.2.3.4\x00", "١.2.3.4", "",
        "2001:DB8::1", "::ffff:1.2.3.4", "fe80::1%eth0", "::", "1:2:3:4:5:6:7:8:9", "localhost",
    ],
)  # fmt: skip
def test_an_address_is_written_as_ipaddress_writes_it(text):
    assert canonical_address(text) == written_by_ipaddress(text)


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.:abcdefx% \t", max_size=24) | st.ip_addresses().map(str))
def test_any_text_is_read_as_ipaddress_reads_it(text):
    assert canonical_address(text) == written_by_ipaddress(text)


def through_proxy(forwarded):
    return RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)


def test_a_changed_proxy_count_is_followed_at_once(settings):
    request = through_proxy("198.51.100.9")
    settings.FOLIO_TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "192.0.2.1"
    settings.FOLIO_TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "198.51.100.9"


def test_a_forwarded_entry_that_is_no_address_leaves_the_proxy_s(settings):
    settings.FOLIO_TRUSTED_PROXY_COUNT = 1
    assert client_address(through_proxy("not-an-address")) == "192.0.2.1"
