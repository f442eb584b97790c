"""Translations: every interface string has a finished Russian and Kazakh text that Qt finds.

The catalogs are checked as files (complete, placeholders kept, .qm compiled from the .ts)
and at run time (installed on the application, `QCoreApplication.translate` answers in the
language). Each test leaves the application in English for the tests after it.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("PySide6.QtCore", reason="Qt libraries are not installed")

from PySide6.QtCore import QCoreApplication

from ui.i18n import install_translator, installed_languages, remove_translators

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("ru", "kk")
# Real source strings, and what each language must show for them.
EXPECTED = {
    "ru": {("MainWindow", "Cancel"): "Отмена", ("SourcesTree", "All articles"): "Все статьи",
           ("SourcesTree", "Starred"): "Избранное",
           ("WindowActions", "&File"): "&Файл", ("HeadlineModel", "Title"): "Заголовок"},
    "kk": {("MainWindow", "Cancel"): "Бас тарту",
           ("SourcesTree", "All articles"): "Барлық мақалалар",
           ("SourcesTree", "Unread"): "Оқылмаған", ("SourcesTree", "Starred"): "Жұлдызшалы",
           ("WindowActions", "Add source…"): "Дереккөз қосу…"},
}  # fmt: skip
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%[a-zA-Z0-9]")


def _load_update_script() -> ModuleType:
    # packaging/ is not a package, and "packaging" is also the PyPA library's name.
    path = ROOT / "packaging" / "update_translations.py"
    spec = importlib.util.spec_from_file_location("kabar_update_translations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def _messages(language: str) -> list[tuple[str, str, ET.Element]]:
    """(context, source, <translation>) of every live message of a .ts file."""
    root = ET.parse(TRANSLATIONS / f"kabar_{language}.ts").getroot()
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{name}: {message.findtext('source')!r}"
            if translation.get("type") not in ("vanished", "obsolete"):
                found.append((name, message.findtext("source") or "", translation))
    return found


@pytest.fixture
def app(qapp: QCoreApplication) -> Iterator[QCoreApplication]:
    yield qapp
    remove_translators(qapp)


@pytest.mark.parametrize("language", LANGUAGES)
def test_installed_translator_answers_in_the_language(app: QCoreApplication,
                                                      language: str) -> None:  # fmt: skip
    assert install_translator(app, language)
    assert f"kabar_{language}" in installed_languages()
    for (context, source), expected in EXPECTED[language].items():
        assert QCoreApplication.translate(context, source) == expected
    remove_translators(app)
    assert QCoreApplication.translate("MainWindow", "Cancel") == "Cancel"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_message_is_found_at_run_time(app: QCoreApplication,
                                                    language: str) -> None:  # fmt: skip
    assert install_translator(app, language)
    for context, source, translation in _messages(language):
        assert QCoreApplication.translate(context, source) == translation.text, (context, source)


def test_qt_own_dialog_texts_follow_the_language(app: QCoreApplication) -> None:
    assert install_translator(app, "ru_RU")  # a locale name is understood too
    # PySide6-Essentials ships qtbase_ru.qm; without it standard buttons would stay English.
    assert "qtbase_ru" in installed_languages()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"


def test_switching_language_replaces_the_catalogs(app: QCoreApplication) -> None:
    assert install_translator(app, "ru")
    assert install_translator(app, "kk")
    assert not any(name.endswith("_ru") for name in installed_languages())
    assert QCoreApplication.translate("SourcesTree", "All articles") == "Барлық мақалалар"


def test_english_needs_no_catalog(app: QCoreApplication) -> None:
    assert install_translator(app, "ru")
    assert install_translator(app, "en")
    assert installed_languages() == []
    assert QCoreApplication.translate("SourcesTree", "All articles") == "All articles"
    assert not list(TRANSLATIONS.glob("kabar_en.*"))


@pytest.mark.parametrize("language", ["de", "", "../kabar_ru", "xx_YY"])
def test_unknown_language_falls_back_to_english(app: QCoreApplication, language: str) -> None:
    assert not install_translator(app, language)
    assert installed_languages() == []
    assert QCoreApplication.translate("MainWindow", "Cancel") == "Cancel"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    messages = _messages(language)
    assert len(messages) > 50
    for context, source, translation in messages:
        where = f"{language} {context}: {source!r}"
        assert translation.get("type") is None, f"unfinished: {where}"
        text = translation.text or ""
        assert text.strip(), f"empty: {where}"
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), where
        # Spacing at the ends is part of a concatenation ("… of this kind: " + scheme).
        assert text[:1].isspace() == source[:1].isspace(), where
        assert text[-1:].isspace() == source[-1:].isspace(), where
        if re.search(r"&[^&\s]", source.replace("&&", "")):
            assert len(re.findall(r"&[^&\s]", text.replace("&&", ""))) == 1, f"accel: {where}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_menu_accelerators_do_not_clash(language: str) -> None:
    menus = [t.text or "" for c, s, t in _messages(language) if c == "WindowActions"
             and re.fullmatch(r"&\w+", s)]  # fmt: skip
    keys = [re.findall(r"&(\w)", text)[0].lower() for text in menus]
    assert len(menus) >= 4
    assert len(set(keys)) == len(keys), menus


def test_every_tr_call_has_a_literal_string() -> None:
    """tr(variable) cannot be extracted: its text never reaches the catalogs."""
    _messages, problems = _load_update_script().extract_all(ROOT / "ui")
    assert not problems, (
        "mark the strings with QT_TRANSLATE_NOOP(context, text) where they are defined, "
        "or call tr() with the literal: " + "; ".join(problems)
    )


def test_every_interface_string_is_in_the_catalogs() -> None:
    """A tr() added to ui/ without running packaging/update_translations.py fails here."""
    messages, _problems = _load_update_script().extract_all(ROOT / "ui")
    assert len(messages) > 50
    for language in LANGUAGES:
        known = {(context, source) for context, source, _t in _messages(language)}
        missing = sorted({(m.context, m.source) for m in messages} - known)
        assert not missing, f"{language}: run packaging/update_translations.py: {missing}"


def test_compiled_catalogs_match_the_sources(tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    assert lrelease is not None, "pyside6-lrelease comes with PySide6-Essentials"
    for language in LANGUAGES:
        ts, qm = TRANSLATIONS / f"kabar_{language}.ts", tmp_path / f"kabar_{language}.qm"
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
        committed = TRANSLATIONS / f"kabar_{language}.qm"
        assert committed.read_bytes() == qm.read_bytes(), (
            f"{committed.name} is stale: run packaging/update_translations.py"
        )


def test_update_script_mirrors_calls_on_their_lines(tmp_path: Path) -> None:
    update = _load_update_script()
    source = tmp_path / "sample.py"
    source.write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "def tr(text):\n"
        "    return QCoreApplication.translate('Sample', text)\n"
        "x = f\"{tr('In an f-string')}: {tr('Two')}\"\n"
        "y = QCoreApplication.translate('Other', 'Say \"hi\"\\n')\n"
        "z = tr(name)\n",
        encoding="utf-8",
    )
    found = update.extract(source)
    assert [(m.context, m.source, m.line) for m in found.messages] == [
        ("Sample", "In an f-string", 4), ("Sample", "Two", 4), ("Other", 'Say "hi"\n', 5)
    ]  # fmt: skip
    assert found.problems == ["sample.py:6: tr() of something other than one string literal"]
    lines = update.mirror(found.messages).splitlines()
    assert lines[3] == ('QCoreApplication.translate("Sample", "In an f-string"); '
                        'QCoreApplication.translate("Sample", "Two")')  # fmt: skip
    assert lines[4] == 'QCoreApplication.translate("Other", "Say \\"hi\\"\\n")'


def test_update_script_accepts_tr_of_marked_strings(tmp_path: Path) -> None:
    source = tmp_path / "marked.py"
    source.write_text(
        "from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication\n"
        "def tr(text):\n"
        "    return QCoreApplication.translate('Marked', text)\n"
        "CHOICES = (QT_TRANSLATE_NOOP('Marked', 'System'),)\n"
        "labels = [tr(name) for name in CHOICES]\n",
        encoding="utf-8",
    )
    found = _load_update_script().extract(source)
    assert [(m.context, m.source) for m in found.messages] == [("Marked", "System")]
    assert found.problems == []
