"""Weight conversion between PyTorch and Keras, derived from the catalog's weight layouts.

Imports no framework at import time; the functions import torch / keras when they run.
"""
from .engine import from_canonical, to_canonical
from .pairing import copy_weights, layers, read_model, reorder_flattened, write_model

__all__ = ["copy_weights", "from_canonical", "layers", "read_model", "reorder_flattened", "to_canonical",
           "write_model"]
