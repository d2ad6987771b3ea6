"""Public Textual API only, in quiz_app/, tests/ and benchmarks/: a private name of Textual
is what pins a project to one Textual version, since any release may change it.

Three checks: no private Textual module or name is imported; no underscore attribute is
read that our own code does not define (`app._notifications`, `screen._compositor`); and
no class of ours defines or sets an underscore name that its Textual bases define
(`self._bindings_ready = True` in a Footer subclass).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import quiz_app.tui

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    path for folder in ("quiz_app", "tests", "benchmarks") for path in (REPO / folder).rglob("*.py")
)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _trees(naming: str = "") -> dict[str, ast.Module]:
    """The sources whose text holds `naming` (every source by default), each parsed once
    per process: parsing them all is a second of CPU."""
    return {
        str(path.relative_to(REPO)): _tree(path)
        for path in SOURCES
        if naming in path.read_text(encoding="utf-8")
    }


@pytest.fixture(scope="module", autouse=True)
def forget_the_trees() -> Iterator[None]:
    """The parsed sources are kept for this module's tests only: they are half a million
    objects, which the test process's garbage collector would walk at every full collection
    for the rest of the run (and once more as the process ends)."""
    yield
    for parsed in (_tree, _module_tree, _class_names):
        parsed.cache_clear()


def test_no_private_textual_import() -> None:
    found = []
    for path, tree in _trees(naming="textual").items():  # no import of it without its name
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
                names: list[str] = []
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules, names = [node.module], [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if parts[0] == "textual" and (
                    any(_private(part) for part in parts) or any(_private(n) for n in names)
                ):
                    found.append(f"{path}:{node.lineno}: {module}")
    assert not found


def test_no_underscore_attribute_we_do_not_define() -> None:
    trees = _trees()
    ours: set[str] = set()
    read: list[tuple[str, int, str]] = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                ours.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                ours.add(node.id)
            elif isinstance(node, ast.Attribute):
                if isinstance(node.ctx, ast.Store):
                    ours.add(node.attr)
                elif _private(node.attr):
                    read.append((path, node.lineno, node.attr))
    assert [f"{path}:{line}: .{name}" for path, line, name in read if name not in ours] == []


@cache
def _module_tree(path: str) -> ast.Module:
    return ast.parse(Path(path).read_text(encoding="utf-8"))


def _class_node(cls: type) -> ast.ClassDef | None:
    """The class's definition, found by its qualified name in its module's tree, parsed
    once per module (inspect.getsource parses the whole module again for every class);
    inspect's own search for what that does not find (a class in a function or an `if`)."""
    try:
        path = inspect.getsourcefile(cls)
    except TypeError:  # a built-in class
        return None
    node: ast.Module | ast.ClassDef | None = _module_tree(path) if path else None
    for name in cls.__qualname__.split("."):
        body = node.body if node is not None else []
        node = next((n for n in body if isinstance(n, ast.ClassDef) and n.name == name), None)
    if isinstance(node, ast.ClassDef):
        return node
    try:
        found = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0]
    except (OSError, TypeError):  # no source: a class made at run time
        return None
    return found if isinstance(found, ast.ClassDef) else None


@cache
def _class_names(cls: type) -> frozenset[str]:
    """The underscore names a class body defines and its methods set on `self`."""
    tree = _class_node(cls)
    if tree is None:
        return frozenset()
    names = set()
    for item in tree.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(item.name)
        elif isinstance(item, ast.Assign):
            names.update(target.id for target in item.targets if isinstance(target, ast.Name))
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            names.add(item.target.id)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        ):
            names.add(node.attr)
    return frozenset(name for name in names if _private(name))


def test_no_class_of_ours_touches_a_private_name_of_its_textual_bases() -> None:
    clashes = []
    for module_info in pkgutil.walk_packages(quiz_app.tui.__path__, "quiz_app.tui."):
        module = importlib.import_module(module_info.name)
        for cls in vars(module).values():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                continue
            bases = [base for base in cls.__mro__ if base.__module__.startswith("textual.")]
            theirs = frozenset().union(*(_class_names(base) for base in bases))
            if clash := _class_names(cls) & theirs:
                clashes.append(f"{cls.__module__}.{cls.__qualname__}: {sorted(clash)}")
    assert clashes == []
