"""Network classes written once, with the constructor parameters of their source class.

The frontends evaluate each instance of a class (``BasicBlock(64, 128, stride=2)``) and record,
beside its concrete layers, each layer argument as an expression over the class's parameters
(``out_channels = planes``, ``sizes.Parameter``) and which parameters a decision read (an ``if``,
a loop count): those are *decided*. Here a copy of the model holds the expressions of the free
parameters (numbers no decision read) in place of their values, and is written like any other
model. A value the writer needs rather than passes on (a padding that is "same" only for
stride 1) raises ``OpenSize`` and that parameter is baked too; the model is written again.

Instances of one class whose written classes read the same are one class; the others keep
their own (``BasicBlock_1``), with the values that differ baked in. So the output is always one
of the concrete instances' code with some literals replaced by the parameters that compute
them, never a class that ignores an argument.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from ..ir.graph import Network, PivotModel
from ..ir.sizes import OpenSize, Parameter, sizes_in
from .naming import RESERVED as MODULE_NAMES
from .spell import literal

# attributes that set spatial sizes: layers after them get sizes (an adaptive pooling's window)
# computed from concrete shapes, so a parameter reaching one is baked
SPATIAL = {"kernel_size", "stride", "padding", "dilation", "output_padding", "output_size", "size", "scale_factor"}
# names a parameter cannot take in generated code: the modules it imports, Keras's own arguments
RESERVED = MODULE_NAMES | {"kwargs", "name", "dtype", "trainable", "x", "inputs", "super"}


class Unexpressed(Exception):
    """A written value computed from shapes (an inferred attribute) in a class with parameters:
    it may depend on them, so the whole class is baked."""

    def __init__(self, cls: str, what: str = ""):
        super().__init__(f"{cls}: {what}")
        self.cls = cls


@dataclass
class Generic:
    """What the writer needs to know of the parameters: per network, its free parameters."""

    baked: set[tuple[str, str]] = field(default_factory=set)  # (class, parameter) written as values
    free: dict[str, list[str]] = field(default_factory=dict)  # network -> its free parameters, in order
    owners: dict[str, str] = field(default_factory=dict)  # nested container -> the class network building it
    classes: dict[str, str] = field(default_factory=dict)  # class network -> its source class

    def check_written(self, network: str, kind, spelling, attrs: dict, written: list, in_forward: bool) -> None:
        """Raises ``Unexpressed`` where a generic class would write as a number a size computed from
        shapes, which may depend on its parameters: an inferred size (a layer's input width, an
        attention head's), or a forward operation's target shape (``view(b, t, heads, c // heads)``)."""
        owner = self.owners.get(network, network)
        if not self.free.get(owner):
            return
        declared = {a.name: a for a in kind.attrs}
        for name, value in written:
            arg = spelling.arg(name)
            attr = declared.get(arg.attr) if arg is not None else None
            if attr is None or sizes_in(attrs.get(attr.name)):
                continue
            inferred = attr.inferred and attr.type in ("int", "ints", "shape") and attr.name not in SPATIAL
            shaped = in_forward and attr.type == "shape" and bool(_numbers(value) - {-1, 0, 1})
            if inferred or shaped:
                raise Unexpressed(self.classes[owner], f"{kind.name} {attr.name}")

    def bake_class(self, cls: str, model: PivotModel) -> None:
        self.baked |= {(cls, name) for net in model.networks.values() if net.program and net.program.cls == cls
                       for name, _ in net.program.params}


def free_parameters(net: Network, baked: set[tuple[str, str]]) -> list[str]:
    program = net.program
    if program is None:
        return []
    return [name for name, default in program.params
            if name not in program.decided and (program.cls, name) not in baked and default != ""
            and name not in RESERVED and _number(program.args.get(name))]


def parameterised(model: PivotModel, generic: Generic) -> PivotModel:
    """A copy of ``model`` whose class networks hold their free parameters' expressions."""
    work = copy.deepcopy(model)
    owners = generic.owners = _sequential_owners(work)
    generic.classes = {name: net.program.cls for name, net in work.networks.items() if net.program}
    generic.baked |= {found for net in work.networks.values() for module in net.modules.values()
                      for attr, expr in module.exprs.items() if attr in SPATIAL for found in parameters_in(expr)}
    while True:  # a parameter passed on to one its callee bakes is baked too
        generic.free = {name: free_parameters(net, generic.baked) for name, net in work.networks.items()}
        passed = _passed_to_baked(work, generic)
        if passed <= generic.baked:
            break
        generic.baked |= passed
    for name, net in work.networks.items():
        owner = work.networks.get(owners.get(name, name))
        free = set(generic.free.get(owner.name, [])) if owner is not None else set()
        for module in net.modules.values():
            args = owner.program.args if owner is not None and owner.program else {}
            for attr, expr in module.exprs.items():
                if attr in module.attrs:
                    module.attrs[attr] = _restricted(expr, free, args)
            if module.kind == "network" and generic.free.get(module.attrs.get("network")):
                child = work.networks[module.attrs["network"]]
                module.attrs["arguments"] = {
                    p: _restricted(module.exprs[p], free, args) if p in module.exprs else child.program.args[p]
                    for p in generic.free[child.name]}
    return work


def _passed_to_baked(model: PivotModel, generic: Generic) -> set[tuple[str, str]]:
    found = set()
    for net in model.networks.values():
        for module in net.modules.values():
            child = model.networks.get(module.attrs.get("network")) if module.kind == "network" else None
            if child is None or child.program is None:
                continue
            free = generic.free.get(child.name, [])
            found |= {p for arg, expr in module.exprs.items() if arg not in free for p in parameters_in(expr)}
    return found


def bake_for(error: OpenSize, generic: Generic) -> bool:
    """Bake the parameters a decision needed; False when the size is not a parameter."""
    size = error.size
    if not isinstance(size, Parameter):
        return False
    generic.baked.update((size.owner, n) for n in size.names)
    return True


def misplaced(model: PivotModel, codes: list) -> set[tuple[str, str]]:
    """Parameters that ended where their class's constructor does not hold them (a forward
    operation, another class's layers, a container written as a class of its own): baked, as
    decisions are. ``model``: the written (legalised) model; ``codes``: what was written of it."""
    owners = _sequential_owners(model)
    found = set()
    for name, net in model.networks.items():
        owner = model.networks.get(owners.get(name, name))
        cls = owner.program.cls if owner is not None and owner.program is not None else None
        for module in net.modules.values():
            found |= {(o, n) for o, n in parameters_in(module.attrs) if o != cls}
        for node in net.graph.nodes:
            found |= parameters_in(node.attrs)
    for code in codes:
        net = model.networks.get(code.name)
        if net is not None and net.program is None and code.class_name:
            found |= {p for m in net.modules.values() for p in parameters_in(m.attrs)}
    return found


def parameters_in(value) -> set[tuple[str, str]]:
    """(class, parameter) for each parameter inside ``value``."""
    return {(p.owner, n) for p in sizes_in(value) if isinstance(p, Parameter) for n in p.names}


def signature(net: Network, free: list[str]) -> list[str]:
    defaults = dict(net.program.params) if net.program else {}
    return [name if defaults.get(name) is None else f"{name}={defaults[name]}" for name in free]


def call_text(net: Network, values: dict, keywords: bool = False) -> str:
    """``BasicBlock(64, 128, stride=2)``'s arguments: required ones by position, the others by
    keyword where they differ from the default (every one by keyword after keyword sizes)."""
    defaults = dict(net.program.params)
    parts, positional = [], not keywords
    for name, value in values.items():
        text = literal(value)
        if defaults.get(name) is None and positional:
            parts.append(text)
            continue
        positional = False
        if text != defaults.get(name):
            parts.append(f"{name}={text}")
    return ", ".join(parts)


def merge_classes(codes: list, networks: dict[str, Network]) -> list:
    """One written class per distinct text among the instances of a source class; references to
    the others are renamed. ``codes`` in written order (sub-networks first)."""
    renamed: dict[str, str] = {}
    kept: dict[tuple, str] = {}  # (source class, text) -> class name written
    taken: dict[str, int] = {}
    result = []
    for code in codes:
        _rename(code, renamed)
        program = networks[code.name].program if code.name in networks else None
        if program is None or not code.class_name:
            result.append(code)
            continue
        key = (program.cls, _text(code))
        if key in kept:
            renamed[code.class_name] = kept[key]
            continue
        count = taken.get(program.cls, 0)
        taken[program.cls] = count + 1
        wanted = program.cls if count == 0 else f"{program.cls}_{count}"
        renamed[code.class_name] = wanted
        code.class_name = wanted
        kept[key] = wanted
        result.append(code)
    return result


def _text(code) -> tuple:
    return (code.style, tuple(code.layers), tuple(code.items), tuple(code.params), tuple(code.body), code.returns,
            tuple(code.sizes), tuple(code.signature))


def _rename(code, renamed: dict[str, str]) -> None:
    if not renamed:
        return
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(renamed, key=len, reverse=True)) + r")\(")

    def sub(text: str) -> str:
        return pattern.sub(lambda m: renamed[m.group(1)] + "(", text)
    code.layers = [(attr, sub(ctor)) for attr, ctor in code.layers]
    code.items = [sub(item) for item in code.items]
    code.body = [sub(line) for line in code.body]


def _restricted(expr, free: set[str], args: dict):
    """``expr`` with every parameter outside ``free`` replaced by its value: ``planes * 2`` for
    ``planes * stride`` with stride baked at 2."""
    if isinstance(expr, Parameter):
        if expr.names <= free:
            return expr
        if not expr.names & free:
            return expr.value(args)
        text = re.sub(r"\b[A-Za-z_]\w*\b", lambda m: str(args[m.group(0)]) if m.group(0) in expr.names
                      and m.group(0) not in free else m.group(0), expr.text)
        return Parameter(f"({text})", frozenset(expr.names & free), owner=expr.owner)
    if isinstance(expr, (tuple, list)):
        return type(expr)(_restricted(e, free, args) for e in expr)
    if isinstance(expr, dict):
        return {k: _restricted(v, free, args) for k, v in expr.items()}
    return expr


def _sequential_owners(model: PivotModel) -> dict[str, str]:
    """Network -> the class network whose constructor builds it (nested containers included)."""
    owners: dict[str, str] = {}

    def visit(name: str, owner: str) -> None:
        for module in model.networks[name].modules.values():
            child = module.attrs.get("network") if module.kind == "network" else None
            if child in model.networks and model.networks[child].program is None and child not in owners:
                owners[child] = owner
                visit(child, owner)

    for name, net in model.networks.items():
        if net.program is not None:
            visit(name, name)
    return owners


def _numbers(value) -> set:
    if isinstance(value, (tuple, list)):
        return set().union(*(_numbers(v) for v in value)) if value else set()
    return {value} if isinstance(value, int) and not isinstance(value, bool) else set()


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
