"""The client's address behind the deployment's reverse proxies (settings.PROXY_COUNT).

Each trusted proxy appends the address it received the request from to X-Forwarded-For,
so the client is the PROXY_COUNT-th entry from the right; everything left of it was written
by the client and is ignored. The same rule as DRF's throttles (NUM_PROXIES), so that the
sign-in lock-out (django-axes) and the API throttle agree on who the client is."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not count or not forwarded:
        return remote
    entries = [entry.strip() for entry in forwarded.split(",")]
    candidate = entries[-min(count, len(entries))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # A proxy that writes something else (a port, "unknown") is misconfigured: count the
        # request against the proxy rather than fail or trust the text.
        return remote
