"""Equivalence checking of a source network and its migration (imports frameworks when run).

``nnport.verify`` is both this package and the function: importing a subpackage sets it as
an attribute of ``nnport``, so the package itself is made callable as ``verify(...)``.
"""
import sys
import types

from .core import verify_models
from .files import verify
from .result import VerifyResult

__all__ = ["VerifyResult", "verify", "verify_models"]


class _CallablePackage(types.ModuleType):
    def __call__(self, *args, **kwargs) -> VerifyResult:
        return verify(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
