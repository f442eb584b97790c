"""The interface language: Kabar's own catalogs and Qt's, installed on the application.

Kabar's catalogs (``kabar_ru.qm``, ``kabar_kk.qm``) are package data read as bytes with
importlib.resources, so they are found inside a zip or a frozen bundle as well as in a
checkout. Qt's own catalog (``qtbase_ru.qm``: dialog buttons, context menus of text fields)
comes from Qt's translations folder, when that has one for the language.

English is the language of the source strings: nothing is loaded for it. Counted phrases
("5 новых статей") do not come from here but from `reader.display.count_phrase`.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

__all__ = ["install_translator", "installed_languages", "remove_translators"]

SOURCE_LANGUAGE = "en"

# QTranslator.load(bytes) keeps a pointer into the buffer without copying it, so each
# catalog's bytes must outlive its translator: they are kept together here, and the
# translator is always removed from the application before either is let go.
_installed: list[tuple[QTranslator, bytes | None, str]] = []


def _language_code(language: str) -> str:
    """A locale name reduced to its language: "ru_RU", "ru-RU.UTF-8" and "RU" are "ru"."""
    return language.strip().lower().replace("-", "_").split(".", 1)[0].split("_", 1)[0]


def _kabar_catalog(language: str) -> bytes | None:
    entry = resources.files("reader.resources") / "translations" / f"kabar_{language}.qm"
    try:
        return entry.read_bytes()
    except (OSError, KeyError):  # KeyError: a missing member of a zip, on some Pythons
        return None


def _install(app: QCoreApplication, translator: QTranslator, data: bytes | None, name: str) -> None:
    _installed.append((translator, data, name))
    app.installTranslator(translator)


def remove_translators(app: QCoreApplication | None = None) -> None:
    """Back to the English source strings (tests call this; so does a language switch)."""
    app = app or QCoreApplication.instance()
    while _installed:
        translator, _data, _name = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)


def installed_languages() -> list[str]:
    """The catalogs now installed, e.g. ["qtbase_ru", "kabar_ru"], for diagnostics."""
    return [name for _translator, _data, name in _installed]


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Show the interface in ``language`` ("ru", "kk", "en"; "ru_RU" is understood too).

    Replaces whatever an earlier call installed. Returns False, leaving the interface in
    English, when Kabar has no catalog for the language or it cannot be loaded; True for
    English, which needs none. Qt's own catalog is added when Qt ships one; its absence
    does not make the result False. Install before building widgets: texts already set are
    not retranslated.
    """
    remove_translators(app)
    code = _language_code(language)
    if code == SOURCE_LANGUAGE:
        return True
    data = _kabar_catalog(code) if code.isalpha() else None
    if data is None:
        return False
    kabar = QTranslator()
    if not kabar.load(data):
        return False
    qt = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if folder and qt.load(f"qtbase_{code}", folder):
        _install(app, qt, None, f"qtbase_{code}")
    _install(app, kabar, data, f"kabar_{code}")  # installed last, so it is asked first
    return True
