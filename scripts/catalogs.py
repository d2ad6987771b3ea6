"""Update the translation catalogs: extract, merge, compile (see docs/translating.md).

    uv run python scripts/catalogs.py            # extract the strings, update fr and en, compile
    uv run python scripts/catalogs.py --check    # exit 1, saying why, if the catalogs are not
                                                 # complete and current (a test runs it too)

Babel is a development tool: the compiled .mo files are committed and ship in the wheel.
"""

from __future__ import annotations

import argparse
import io
import string
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parent.parent / "quiz_app"
DOMAIN = "quiz_app"
LANGUAGES = ("en", "fr")
SOURCE_LANGUAGE = "en"  # the strings of the code: its catalog may leave them as written
# `_`, `ngettext` and `pgettext` are Babel's defaults; `N_` marks strings translated where
# they are shown (Binding descriptions); `counted` is ngettext with the number written in.
KEYWORDS = ["-k", "N_", "-k", "counted:1,2"]


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])


def locale_dir(package: Path) -> Path:
    return package / "locale"


def template(package: Path) -> Path:
    return locale_dir(package) / f"{DOMAIN}.pot"


def catalog_path(package: Path, language: str) -> Path:
    return locale_dir(package) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract(package: Path, output: Path) -> None:
    pybabel(
        "extract",
        *KEYWORDS,
        "--no-location",
        "--sort-output",
        "--omit-header",
        "--project=quiz-app",
        "-o",
        str(output),
        str(package),
    )


def update(package: Path = PACKAGE) -> None:
    locale_dir(package).mkdir(exist_ok=True)
    extract(package, template(package))
    for language in LANGUAGES:
        command = "update" if catalog_path(package, language).exists() else "init"
        # no fuzzy guesses: a new string stays untranslated until someone translates it
        extra = ["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else []
        pybabel(
            command,
            "-D",
            DOMAIN,
            "-i",
            str(template(package)),
            "-d",
            str(locale_dir(package)),
            "-l",
            language,
            *extra,
        )
    pybabel("compile", "-D", DOMAIN, "-d", str(locale_dir(package)), "--statistics")


def read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _strings(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def _fields(text: str) -> set[str]:
    try:
        return {name for _text, name, _spec, _conv in string.Formatter().parse(text) if name}
    except ValueError:  # not a format string (a brace alone): no placeholder to keep
        return set()


def problems(package: Path = PACKAGE) -> list[str]:
    """What keeps the catalogs of `package` from being complete and current: a string of
    the code missing from the template, a message without its translation (or fuzzy, or
    losing a placeholder), a catalog whose messages are not the template's, a .mo file
    that is not its .po file compiled. Empty when all is well."""
    found: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "fresh.pot"
        extract(package, fresh)
        if fresh.read_text(encoding="utf-8") != template(package).read_text(encoding="utf-8"):
            code = {message.id for message in read(fresh) if message.id}
            listed = {message.id for message in read(template(package)) if message.id}
            missing = sorted(map(str, code - listed))
            gone = sorted(map(str, listed - code))
            found.append(f"the template is behind the code: new {missing}, gone {gone}")
    ids = {message.id for message in read(template(package)) if message.id}
    for language in LANGUAGES:
        path = catalog_path(package, language)
        catalog = read(path)
        if (catalog_ids := {message.id for message in catalog if message.id}) != ids:
            found.append(f"{language}: its messages are not the template's: {catalog_ids ^ ids}")
        for message in catalog:
            if not message.id:
                continue
            translations = _strings(message.string)
            sources = _strings(message.id)
            if message.fuzzy:
                found.append(f"{language}: fuzzy: {message.id!r}")
            if language == SOURCE_LANGUAGE and not any(translations):
                continue  # empty: as written in the code
            if not translations or not all(translations):
                found.append(f"{language}: not translated: {message.id!r}")
                continue
            # each form keeps its source's placeholders, and brings in no other
            allowed = set().union(*map(_fields, sources)) | {"n"}
            forms = (translations[0], translations[-1]) if len(sources) == 2 else translations
            for source, text in zip(sources, forms, strict=True):
                if not _fields(source) - {"n"} <= _fields(text) <= allowed:
                    found.append(f"{language}: placeholders differ: {message.id!r} -> {text!r}")
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        if path.with_suffix(".mo").read_bytes() != compiled.getvalue():
            found.append(f"{language}: the .mo file is not the .po file compiled")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only check the catalogs are complete and current"
    )
    if parser.parse_args().check:
        if found := problems():
            print("\n".join(found), file=sys.stderr)
            print("run scripts/catalogs.py, and translate what it leaves empty", file=sys.stderr)
            sys.exit(1)
        return
    update()


if __name__ == "__main__":
    main()
