"""Calls of the file's own network classes in forward, specialised on their constant arguments.

``layer(x, src_key_padding_mask=mask)`` of ``forward(self, src, src_mask=None,
src_key_padding_mask=None, is_causal=False)`` traces the callee with ``src`` and the mask as
inputs and ``src_mask=None``, ``is_causal=False`` as constants, as Python would run it: one
sub-network per (class, constructor arguments, constant call arguments).
"""
from __future__ import annotations

import ast
from typing import Any

from ..common import Scope
from .graph_builder import Dim, Tensor
from .values import Instance, Untranslatable


class _Tensor:
    def __repr__(self) -> str:
        return "<tensor>"


TENSOR = _Tensor()  # a parameter bound to a tensor: an input of the sub-network


def _static(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(_static(v) for v in value)
    return value is None or (isinstance(value, (bool, int, float, str)) and not isinstance(value, Dim))


def specialised(instance: Any, forward: ast.FunctionDef | None) -> bool:
    """Instances whose forward binds its arguments one by one (no ``*args`` / ``**kwargs``)."""
    return isinstance(instance, Instance) and forward is not None and forward.args.vararg is None \
        and forward.args.kwarg is None


class SubnetworkCalls:
    """Mixed into the forward tracer (``bind_arguments``, ``builder``, ``module_attrs``,
    ``network_call``: (instance, signature) -> (network name, its result names))."""

    def subnetwork_call(self, module: Instance, forward: ast.FunctionDef, name: str, node: ast.Call,
                        scope: Scope) -> Any:
        bound = self.bind_arguments(forward, node, scope, skip_self=True)
        signature, inputs = [], []
        for param, value in bound.items():
            if isinstance(value, Tensor):
                signature.append((param, TENSOR))
                inputs.append(value)
            elif _static(value):
                signature.append((param, value))
            else:
                raise Untranslatable(node, f"argument {param}={value!r} of module {name!r} is neither a tensor "
                                           "nor a constant")
        network, results = self.network_call(module, tuple(signature))
        previous = self.module_attrs.get(name, {}).get("network")
        if previous not in (None, network):
            raise Untranslatable(node, f"module {name!r} is called with other constant arguments than before "
                                       "(one module is one layer of the target, written for one of them)")
        self.module_attrs.setdefault(name, {})["network"] = network
        tensors = self.builder.add("call_module", name, [t.name for t in inputs],
                                   [f"{name}_{r}" if len(results) > 1 else name for r in results])
        return self.returned(module, results, tensors)


def statics_of(signature: tuple | None) -> dict[str, Any]:
    """The constant parameters of a call signature (None: every parameter is an input)."""
    return {param: value for param, value in signature or () if value is not TENSOR}
