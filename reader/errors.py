"""Errors a user may see. Each carries a sentence a person understands."""

from __future__ import annotations


class KabarError(Exception):
    """Base class: str(error) is a complete, user-readable sentence."""

    exit_code = 1


class UsageError(KabarError):
    """The user asked for something that cannot be done (unknown source id, bad flag)."""

    exit_code = 2


class StorageError(KabarError):
    """The database cannot be opened, is newer than this Kabar, or the disk is full."""

    exit_code = 3


class FeedRejected(KabarError):
    """A document was refused before or during parsing (hostile XML, not a feed)."""


class FetchError(KabarError):
    """The network or the server failed; the message says how, in plain words."""


class ExtractionFailed(KabarError):
    """A web page held no article that full-article capture could use."""


class ProviderError(KabarError):
    """A ticker provider (exchange rates, weather) sent data Kabar cannot use; the last good
    values are kept."""
