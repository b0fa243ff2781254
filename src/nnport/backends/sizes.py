"""Sizes known only at run time in generated code: each network class (or builder) that uses one
takes it as a constructor parameter, passes it on to the sub-networks that need it, and the
training script asks for its value where the source computed it from its data.
"""
from __future__ import annotations

import textwrap

from ..errors import NnportError
from ..ir.graph import Network, PivotModel
from ..ir.sizes import OpenSize, Parameter, names_in, sizes_in

RUN_TIME_SIZES = "run_time_sizes"


def network_sizes(model: PivotModel, net: Network, writes_inputs: bool, codes: dict) -> list[str]:
    """The names of the open sizes ``net``'s constructor reads: its layers' attributes, its
    sub-networks' sizes, and its input types where the code states them (``keras.Input``)."""
    names: set[str] = set()
    for module in net.modules.values():
        if module.kind == "network":
            sub = codes.get(module.attrs["network"])
            names |= set(sub.sizes) if sub is not None else set()
        else:
            names |= {n for s in sizes_in(module.attrs) if not isinstance(s, Parameter) for n in s.names}
    if writes_inputs:
        names |= set(names_in([net.graph.types[n.outputs[0]].shape for n in net.graph.inputs
                               if n.outputs[0] in net.graph.types]))
    order = list(model.open_values)
    return sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n))


def refuse_in_forward(kind_name: str, where, attrs: dict) -> None:
    """An operation of the forward computation holding an open size (``x.view(-1, ntoken)``):
    its value is needed to write it; refused, naming it."""
    found = sizes_in(attrs)
    if found:
        label = getattr(where, "name", None) or (where.outputs[0] if getattr(where, "outputs", None) else kind_name)
        raise NnportError(str(OpenSize(found[0], f"{kind_name} {label!r}")), where.loc)


def call_arguments(sizes: list[str]) -> str:
    return ", ".join(f"{n}={n}" for n in sizes)


def sizes_helper(model: PivotModel, sizes: list[str]) -> str:
    """The function the training script calls for the sizes the source computed when it ran."""
    known = [model.open_values[n].describe() for n in sizes if n in model.open_values]
    text = "The model's sizes the source knows only when it runs: " + "; ".join(known or sizes) + "."
    doc = textwrap.fill(text.replace('"', "'"), width=88, initial_indent="    ", subsequent_indent="    ")
    wanted = ", ".join(f"{n!r}: ..." for n in sizes)
    return (f'def {RUN_TIME_SIZES}():\n    """{doc.strip()}\n    """\n'
            f'    raise NotImplementedError("return {{{wanted}}} for your data")\n')
