"""Activations chosen at run time: the name is an expression the source computes.

Frontends keep the expression text (``expr``) when constant propagation cannot resolve it;
backends emit a small helper in the generated file that maps the name to the target's
activation at run time and raises a clear error for an unknown name.
"""
from ..helpers import same
from ..registry import register
from ..schema import Attr, Kind, Spelling

register(Kind(
    name="dynamic_activation",
    family="activation",
    attrs=(Attr("expr", "str", doc="Python expression giving the activation name at run time"),),
    shape=same,
    spellings=(
        Spelling("torch", "function", "nnport.dynamic_activation", read=False),
        Spelling("keras", "function", "nnport.dynamic_activation", read=False),
    ),
    doc="activation whose name is only known at run time",
))
