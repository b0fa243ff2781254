"""Equivalence checking of a source network and its migration (imports frameworks when run)."""
from .core import verify_models
from .files import verify
from .result import VerifyResult

__all__ = ["VerifyResult", "verify", "verify_models"]
