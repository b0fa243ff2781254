"""What both frontends share: import resolution, constant evaluation, binding calls to catalog spellings."""
from .binding import Bound, bind_call
from .constants import NotConstant, Scope, evaluate
from .imports import Imports
from .locations import code_of, loc_of

__all__ = ["Bound", "bind_call", "NotConstant", "Scope", "evaluate", "Imports", "loc_of", "code_of"]
