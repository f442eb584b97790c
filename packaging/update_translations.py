"""Refresh Kabar's translation catalogs after interface strings change.

Usage, from anywhere (the venv's Python, so ``pyside6-lupdate`` and ``pyside6-lrelease``
are found beside it)::

    .venv/bin/python packaging/update_translations.py           # update .ts, compile .qm
    .venv/bin/python packaging/update_translations.py --check   # exit 1 if anything is left
    .venv/bin/python packaging/update_translations.py --prune   # also forget removed strings

It merges every ``tr("…")`` of ``ui/*.py`` into ``resources/translations/kabar_ru.ts``
and ``kabar_kk.ts``, compiles ``kabar_ru.qm`` and ``kabar_kk.qm`` next to them, and prints
how many messages per language still need a translator. Existing translations are kept.
New or changed strings are marked unfinished, with a near match pre-filled when lupdate
finds one. Strings no longer in the code stay as ``type="vanished"``: lrelease skips them,
and lupdate revives them, translated, if the string comes back (``--prune`` deletes them).

Translate the unfinished ones in Qt Linguist (``pyside6-linguist
resources/translations/kabar_kk.ts``) or in a text editor, deleting ``type="unfinished"``,
then run the script again to compile. ``tests/test_i18n.py`` fails while any is left.

Why not plain ``pyside6-lupdate ui/*.py``: lupdate's Python reader gives a bare ``tr("…")``
the empty context and does not look inside f-strings, while Kabar's modules define
``tr(text)`` as ``QCoreApplication.translate("<Context>", text)`` and call it inside
f-strings. Its catalogs would never match at run time. So this script finds the calls with
Python's own parser and hands lupdate a mirror of ``ui/`` holding, on the same line numbers,
the explicit ``QCoreApplication.translate("<Context>", "…")`` calls; lupdate still does the
merging, and the locations in the ``.ts`` point at the real source lines.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("ru", "kk")
_APPLICATIONS = frozenset({"QCoreApplication", "QGuiApplication", "QApplication"})


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    line: int
    disambiguation: str = ""


class Extraction(ast.NodeVisitor):
    """The translatable strings of one module, and the calls that cannot be extracted."""

    def __init__(self, module: ast.Module, name: str) -> None:
        self.name = name
        self.context = _helper_context(module)
        self.messages: list[Message] = []
        self.problems: list[str] = []
        self._classes: list[str] = []
        self._module = module
        # tr(variable) is fine where the strings it receives are marked QT_TRANSLATE_NOOP.
        self._marked = any(
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name)
            and n.func.id == "QT_TRANSLATE_NOOP"
            for n in ast.walk(module)
        )
        self.visit(module)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if node.name == "tr" and not self._classes and node in self._module.body:
            return  # the helper itself: it passes its parameter on to translate()
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._classes.append(node.name)
        self.generic_visit(node)
        self._classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id == "tr":
            self._tr(node, self.context, "a module tr() helper")
        elif isinstance(func, ast.Attribute) and func.attr == "tr":
            owner = func.value
            if isinstance(owner, ast.Name) and owner.id == "self":
                self._tr(node, self._classes[-1] if self._classes else None, "a class")
            elif isinstance(owner, ast.Name):
                self._tr(node, owner.id, "")
        elif _is_translate(func):
            self._translate(node)
        self.generic_visit(node)

    def _tr(self, node: ast.Call, context: str | None, needs: str) -> None:
        if context is None:
            self._problem(node, f"tr() without {needs} naming its context")
        elif len(node.args) != 1 or node.keywords:
            self._problem(node, "tr() takes exactly one string (plurals: count_phrase)")
        elif not _literal(node.args[0]):
            if not self._marked:
                self._problem(node, "tr() of something other than one string literal")
        else:
            self._add(context, node.args[0], node)

    def _translate(self, node: ast.Call) -> None:
        args = node.args
        if not 2 <= len(args) <= 3 or node.keywords or not all(_literal(a) for a in args):
            self._problem(node, "translate() needs literal context, text and disambiguation")
            return
        context = args[0]
        assert isinstance(context, ast.Constant)
        self._add(str(context.value), args[1], node, args[2] if len(args) == 3 else None)

    def _add(self, context: str, text: ast.expr, node: ast.Call,
             disambiguation: ast.expr | None = None) -> None:  # fmt: skip
        assert isinstance(text, ast.Constant)
        note = disambiguation.value if isinstance(disambiguation, ast.Constant) else ""
        self.messages.append(Message(context, str(text.value), node.lineno, str(note)))

    def _problem(self, node: ast.Call, what: str) -> None:
        self.problems.append(f"{self.name}:{node.lineno}: {what}")


def _literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_translate(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id == "QT_TRANSLATE_NOOP"
    return (isinstance(func, ast.Attribute) and func.attr == "translate"
            and isinstance(func.value, ast.Name) and func.value.id in _APPLICATIONS)  # fmt: skip


def _helper_context(module: ast.Module) -> str | None:
    """The context of a module-level ``def tr(text)`` returning ``….translate("Ctx", text)``."""
    for node in module.body:
        if isinstance(node, ast.FunctionDef) and node.name == "tr":
            for inner in ast.walk(node):
                if (isinstance(inner, ast.Call) and _is_translate(inner.func) and inner.args
                        and _literal(inner.args[0])):  # fmt: skip
                    first = inner.args[0]
                    assert isinstance(first, ast.Constant)
                    return str(first.value)
    return None


def extract(path: Path) -> Extraction:
    """Every translatable string of one source file, found with Python's own parser."""
    return Extraction(ast.parse(path.read_text(encoding="utf-8"), str(path)), path.name)


def extract_all(folder: Path = UI_DIR) -> tuple[list[Message], list[str]]:
    messages: list[Message] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.py")):
        found = extract(path)
        messages += found.messages
        problems += found.problems
    return messages, problems


def _quote(text: str) -> str:
    """A Python string literal that lupdate's simple tokenizer reads back unchanged."""
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    for char in text:
        if ord(char) < 32 and char not in escapes:
            raise ValueError(f"control character {ord(char):#x} in {text!r}")
    return '"' + "".join(escapes.get(char, char) for char in text) + '"'


def mirror(messages: list[Message]) -> str:
    """The stand-in source lupdate reads: each call on the line of the original."""
    lines: dict[int, list[str]] = {}
    for m in messages:
        extra = f", {_quote(m.disambiguation)}" if m.disambiguation else ""
        call = f"QCoreApplication.translate({_quote(m.context)}, {_quote(m.source)}{extra})"
        lines.setdefault(m.line, []).append(call)
    last = max(lines, default=0)
    return "".join("; ".join(lines.get(n, [])) + "\n" for n in range(1, last + 1))


def tool(name: str) -> str:
    """A Qt tool from the running venv first (the one tests use), else from PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 in this environment")
    return found


def update(
    folder: Path = UI_DIR, translations: Path = TRANSLATIONS, prune: bool = False
) -> list[str]:
    """Merge the strings of ``folder`` into every language's .ts; returns extraction problems."""
    translations.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kabar-lupdate-") as scratch:
        # The same relative layout as the project, so the .ts locations come out right.
        shadow_ui = Path(scratch) / folder.relative_to(ROOT)
        shadow_ts = Path(scratch) / translations.relative_to(ROOT)
        shadow_ui.mkdir(parents=True)
        shadow_ts.mkdir(parents=True)
        sources = []
        for path in sorted(folder.glob("*.py")):
            found = extract(path)
            problems += found.problems
            if found.messages:
                target = shadow_ui / path.name
                target.write_text(mirror(found.messages), encoding="utf-8")
                sources.append(str(target))
        for language in LANGUAGES:
            ts = translations / f"kabar_{language}.ts"
            work = shadow_ts / ts.name
            if ts.exists():
                shutil.copyfile(ts, work)
            options = ["-no-obsolete"] if prune else []
            subprocess.run([tool("pyside6-lupdate"), "-silent", *options,
                            "-locations", "absolute", "-source-language", "en",
                            "-target-language", language, *sources, "-ts", str(work)],
                           check=True)  # fmt: skip
            shutil.copyfile(work, ts)
    return problems


def release(translations: Path = TRANSLATIONS, output: Path | None = None) -> None:
    """Compile every kabar_*.ts of ``translations`` to a .qm (beside it, or in ``output``)."""
    for language in LANGUAGES:
        ts = translations / f"kabar_{language}.ts"
        qm = (output or translations) / f"kabar_{language}.qm"
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts),
                        "-qm", str(qm)], check=True)  # fmt: skip


def unfinished(ts: Path) -> tuple[int, int, int]:
    """(live messages, of which unfinished or empty, vanished ones kept) in a .ts file."""
    total = left = gone = 0
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        kind = translation.get("type") if translation is not None else "unfinished"
        if kind in ("vanished", "obsolete"):
            gone += 1
            continue
        total += 1
        if kind == "unfinished" or translation is None or not (translation.text or "").strip():
            left += 1
    return total, left, gone


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit with status 1 if a message is unfinished or a tr() call cannot be extracted",
    )
    parser.add_argument(
        "--prune", action="store_true", help="delete translations of strings no longer in ui/"
    )
    args = parser.parse_args(argv)
    problems = update(prune=args.prune)
    release()
    for problem in problems:
        print(f"warning: {problem}: its text is not extracted; pass tr() a literal, or mark "
              "the strings with QT_TRANSLATE_NOOP(context, text)", file=sys.stderr)  # fmt: skip
    missing = 0
    for language in LANGUAGES:
        total, left, gone = unfinished(TRANSLATIONS / f"kabar_{language}.ts")
        missing += left
        print(f"{language}: {total} messages, {left} unfinished, {gone} vanished kept")
    return 1 if args.check and (missing or problems) else 0


if __name__ == "__main__":
    sys.exit(main())
