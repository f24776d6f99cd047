"""A PostgreSQL URL as messages show it: its password masked, wherever it stands and
however malformed the URL (libpq quotes the part of a URL it cannot parse, which may be
the password). Used by `newslint.store.location` and `newslint.store.pgarchive`; needs
no psycopg.
"""

from __future__ import annotations

from urllib.parse import unquote

SCHEMES = ("postgresql://", "postgres://")


def is_url(location: str) -> bool:
    """Whether `location` names a PostgreSQL database rather than an SQLite file."""
    return location.lower().startswith(SCHEMES)


def _split(location: str) -> tuple[str, str, str, str]:
    """A URL as (scheme and `://`, user part with its `@` or "", the rest up to the query,
    the query with its `?` or ""), split loosely and never raising (urlsplit does on a
    broken IPv6 host): the user part ends at the last `@` before the query, so a password
    holding `/`, `@` or spaces, which libpq cannot read, is still found (and masked)."""
    scheme, _, rest = location.partition("://")
    head, mark, query = rest.partition("?")
    users, at, hosts = head.rpartition("@")
    return f"{scheme}://", users + at, hosts, mark + query


def passwords(location: str) -> list[str]:
    """Every form the passwords of a URL take (as written, and percent-decoded), longest
    first, for masking any message that might quote them; [] for a path."""
    if not is_url(location):
        return []
    _, users, _, query = _split(location)
    # libpq's own reading: the user part ends at the first `@` before any `/` (so
    # `user:pa?ss@host` has a password with a `?` in it).
    rest = location.partition("://")[2]
    first = min((i for i in (rest.find("@"), rest.find("/")) if i >= 0), default=-1)
    libpq = rest[: first + 1] if first >= 0 and rest[first] == "@" else ""
    found = [part[:-1].partition(":")[2] for part in (users, libpq) if ":" in part]
    for pair in query[1:].split("&"):
        key, _, value = pair.partition("=")
        if key == "password":
            found.append(value)
    forms = {form for raw in found for form in (raw, unquote(raw)) if form}
    return sorted(forms, key=len, reverse=True)


def shown(location: str) -> str:
    """`location` as messages show it: a URL's password (in its user part or a
    `password=` parameter) replaced by `***`; a path as it is."""
    if not is_url(location):
        return location
    scheme, users, rest, query = _split(location)
    if ":" in users:
        users = users.partition(":")[0] + ":***@"
    if query:
        pairs = query[1:].split("&")
        query = "?" + "&".join(
            "password=***" if pair.partition("=")[0] == "password" else pair for pair in pairs
        )
    # Masked again, for a password the split above misread (one with a `?` in it).
    return mask(scheme.lower() + users + rest + query, location)


def mask(text: str, location: str) -> str:
    """`text` (a driver's message) with every form of `location`'s passwords masked."""
    for secret in passwords(location):
        text = text.replace(secret, "***")
    return text
