"""URL hygiene: absolute URLs, allowed schemes, tracking parameters removed."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):(?!\d)")
WEB_SCHEMES = frozenset({"http", "https"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})

# Query parameters that only tell the publisher (or an ad network) where a click came from.
_TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "hmb_", "ga_")
_TRACKING_NAMES = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "yclid", "ysclid", "msclkid", "mc_cid",
        "mc_eid", "_openstat", "igshid", "twclid", "ttclid", "li_fat_id", "_hsenc", "_hsmi",
        "oly_anon_id", "oly_enc_id", "vero_id", "rb_clickid", "s_cid", "wt_mc", "at_medium",
        "at_campaign", "ncid", "sr_share", "cmpid", "ito", "__twitter_impression", "spm",
    }
)  # fmt: skip


def is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    """Drop utm_* and friends from the query; keep every other parameter in order."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = [(k, v) for k, v in query if not is_tracking_parameter(k)]
    if len(kept) == len(query):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept, doseq=True)))


def clean_text_url(value: str | None, base: str | None = None) -> str | None:
    """A URL from an untrusted text field: absolute, http(s) only, no tracking; else None."""
    if not value:
        return None
    candidate = value.strip()
    if not candidate or any(ch in candidate for ch in "\x00\r\n\t<>\"'`"):
        return None
    if base:
        try:
            candidate = urljoin(base, candidate)
        except ValueError:
            return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        return None
    return strip_tracking(candidate)


def resolve(base: str | None, url: str) -> str:
    """urljoin that never raises: a URL that cannot be joined is returned as it was."""
    if not base:
        return url
    try:
        return urljoin(base, url)
    except ValueError:
        return url


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_private_host(host: str) -> bool:
    """True for loopback, private, link-local and unspecified addresses (literal or localhost)."""
    host = host.strip("[]").lower()
    if host in {"localhost", "localhost.localdomain"} or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_unspecified
        or address.is_reserved
        or address.is_multicast
    )


def normalize_user_url(text: str) -> str:
    """What a user typed ("tengrinews.kz/news.rss") → an absolute http(s) URL."""
    candidate = text.strip()
    problem = f"{text!r} is not a web address (it must start with http:// or https://)."
    scheme = _SCHEME.match(candidate)
    if scheme and scheme.group(1).lower() not in WEB_SCHEMES:
        raise ValueError(problem)  # javascript:, file:, feed: … — never fetched
    if not scheme:
        candidate = "https://" + candidate
    try:
        parts = urlsplit(candidate)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        raise ValueError(problem) from None
    if not parts.hostname or any(ch.isspace() for ch in candidate):
        raise ValueError(problem)
    return urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()))
