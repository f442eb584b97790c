"""Kabar's core: a Qt-free local news cache that syncs feeds into SQLite.

Everything the window shows stands on this package; it is equally usable from
the command line (`kabar ...`) and from tests.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kabar")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

USER_AGENT = f"Kabar/{__version__} (desktop offline news reader; +https://kabar.app)"

__all__ = ["USER_AGENT", "__version__"]
