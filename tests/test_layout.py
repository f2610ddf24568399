"""The package's shape: public names that cannot be shadowed, and layering rules.

``citekit.__all__`` must name what it says after every module has been imported (a
submodule sharing a public function's name would replace it as a package attribute),
and imports must follow the stages: parsers never import exporters, nothing imports
the command line.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import citekit

PACKAGE = Path(citekit.__file__).parent
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="citekit.")
    # optional extras: their modules import packages the core does not install
    if info.name != "citekit.__main__"
    and not any(info.name.startswith(extra) for extra in ("citekit.serve", "citekit.engines.dask"))
)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _module_files() -> list[tuple[str, Path]]:
    files = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        files.append((name, path))
    return files


def test_public_names_are_what_they_say_after_every_module_is_imported() -> None:
    for name in MODULES:
        importlib.import_module(name)
    functions = {"read", "parse", "export", "harvest", "parse_reference", "parse_references"}
    classes = {"CitekitError", "Outcome", "Source"}
    for name in citekit.__all__:
        value = getattr(citekit, name)
        assert not inspect.ismodule(value), f"citekit.{name} is a module"
        if name in functions:
            assert inspect.isfunction(value), f"citekit.{name} is not a function"
        elif name in classes:
            assert inspect.isclass(value), f"citekit.{name} is not a class"
    assert citekit.Record is dict or getattr(citekit.Record, "__origin__", None) is dict
    assert set(functions | classes | {"Record", "__version__"}) == set(citekit.__all__)


def test_no_submodule_shares_a_public_name() -> None:
    submodules = {name.split(".")[1] for name in MODULES if name.count(".") >= 1}
    assert not submodules & set(citekit.__all__)


@pytest.mark.parametrize(("name", "path"), _module_files(), ids=lambda v: str(v) if isinstance(v, str) else "")
def test_layering(name: str, path: Path) -> None:
    imported = _imports(path)
    if name.startswith("citekit.parsers") or name.startswith("citekit.formats"):
        assert not {m for m in imported if m.startswith("citekit.exporters")}, f"{name} imports an exporter"
    if name.startswith("citekit.formats"):
        assert not {m for m in imported if m.startswith("citekit.parsers")}, f"{name} imports a parser"
    if not (name in ("citekit.cli", "citekit.__main__") or name.startswith("citekit.cli.")):
        assert not {m for m in imported if m == "citekit.cli" or m.startswith("citekit.cli.")}, (
            f"{name} imports the CLI"
        )
