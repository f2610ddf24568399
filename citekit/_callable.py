"""Modules that share a name with the function they export stay callable.

``citekit.read``, ``citekit.parse`` and ``citekit.export`` are both public functions and
submodules (the layout puts ``read.py``, ``parse/`` and ``export/`` beside each other).
Python sets a package attribute to the submodule as soon as anything imports it, so
``citekit.read`` would turn from the function into the module half-way through a
program. Giving those modules a ``__call__`` keeps ``citekit.read(path)`` working
whichever of the two the attribute holds.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    __citekit_target__: str

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        module_name, _, name = self.__citekit_target__.partition(":")
        return getattr(importlib.import_module(module_name), name)(*args, **kwargs)


def make_callable(module_name: str, target: str) -> None:
    """Calling module ``module_name`` calls ``target`` (``"package.module:function"``)."""
    module = sys.modules[module_name]
    module.__class__ = _CallableModule
    module.__citekit_target__ = target  # type: ignore[attr-defined]
