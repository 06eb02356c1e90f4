"""What a command needs, named now and imported only when it is used.

``ruta --help`` and the arguments of every command are built from light modules; a command's
function (the storage, the web site, Kafka behind it) is imported only when that command runs,
an argument's type only when that argument is read.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


class Deferred:
    """The function ``name`` of ``module``, imported at its first call: a command or a type."""

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.__name__ = name  # argparse names a type by it in its messages

    def __call__(self, *args: Any) -> Any:
        function: Callable[..., Any] = getattr(import_module(self.module), self.__name__)
        return function(*args)
