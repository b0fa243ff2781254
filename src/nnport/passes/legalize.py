"""Legalisation for one target framework: rewrite what the target cannot spell directly.

Runs on a copy of the pivot model, after shape inference. Generic over kinds; the catalog
entry of the target spelling decides through named hooks (``Spelling.hooks``):

  ``refuse(attrs) -> str | None``           a reason the target cannot express this layer
  ``rewrite(attrs, inputs) -> dict | None``  always consulted first (e.g. adaptive pooling)
  ``inexpressible(attrs, inputs) -> dict | None``  consulted when an ``Arg.to_fw`` raises
                                                   ``Inexpressible`` (e.g. asymmetric padding)

A rewrite is ``{"attrs": new attrs, "kind": new kind (optional), "before": [(kind, attrs), ...],
"after": [...]}``; each ``before`` step becomes a layer applied to the input first (a pad before
a valid conv), each ``after`` step a layer applied to the result (a crop after a transposed conv).

Layers with several outputs (``Kind.outputs``, the recurrent-outputs convention) are rewritten
by the spelling's ``results(attrs, used, inputs)`` hook (see catalog/families/recurrent_outputs.py):
the call's node then returns what the framework's call returns (``node.attrs["unpack"]`` gives
the nesting) and op nodes after it compute the convention's outputs.
"""
from __future__ import annotations

import re

from ..catalog import registry
from ..catalog.schema import Inexpressible
from ..errors import NnportError, Reporter
from ..ir.graph import Module, Network, Node, PivotModel
from ..backends.spell import framework_values


def legalize(model: PivotModel, target: str, reporter: Reporter) -> bool:
    """Rewrite every network of ``model`` in place for ``target``; returns whether it changed."""
    changed = False
    for net in model.networks.values():
        seen: set[int] = set()
        while pending := [n for n in net.graph.nodes if id(n) not in seen and n.op == "call_module"
                          and net.modules[n.target].kind != "network"]:
            for node in pending:  # layers a rewrite inserts are legalised in the next round
                seen.add(id(node))
                _refuse_inputs(model, net, node, target)
                changed |= _legalize_module(net, node, target)
        for node in [n for n in net.graph.nodes if n.op == "call_op"]:
            changed |= _legalize_op(net, node, target)
    return changed


def _refuse_inputs(model: PivotModel, net: Network, node: Node, target: str) -> None:
    """The spelling's ``refuse_inputs(attrs, inputs, producers)`` hook: a reason the target cannot
    take these inputs, given the kinds computing each (a float attention mask it can write only
    when it holds 0 and -inf)."""
    module = net.modules[node.target]
    spelling = target_spelling(registry.kind(module.kind), target)
    hook = spelling.hooks.get("refuse_inputs") if spelling else None
    if hook is None:
        return
    reason = hook(module.attrs, [net.graph.types.get(v) for v in node.inputs],
                  [producers(model, net, v) for v in node.inputs])
    if reason:
        raise NnportError(f"{module.kind} {module.name!r} cannot be written for {target}: {reason}", module.loc)


def producers(model: PivotModel, net: Network, value: str, depth: int = 0) -> set[str]:
    """The kinds of what computes ``value``, followed out of networks to what their callers pass
    ("input" for the model's own inputs)."""
    made = net.graph.producers().get(value)
    if made is None or depth > 32:
        return {"unknown"}
    if made.op == "call_op":
        return {made.target}
    if made.op == "call_module":
        return {net.modules[made.target].kind}
    if made.op != "input":
        return {made.op}
    at = net.graph.inputs.index(made)
    found: set[str] = set()
    for parent in model.networks.values():
        for call in parent.graph.nodes:
            module = parent.modules.get(call.target) if call.op == "call_module" else None
            if module is not None and module.kind == "network" and module.attrs.get("network") == net.name \
                    and at < len(call.inputs):
                found |= producers(model, parent, call.inputs[at], depth + 1)
    return found or {"input"}


def _legalize_op(net: Network, node: Node, target: str) -> bool:
    """Tensor ops take the ``refuse`` and ``rewrite`` hooks (attributes and kind only)."""
    kind = registry.kind(node.target)
    spelling = target_spelling(kind, target)
    if spelling is None:
        return False
    refuse = spelling.hooks.get("refuse")
    reason = refuse(node.attrs) if refuse else None
    if reason:
        raise NnportError(f"{kind.name} cannot be written for {target}: {reason}", node.loc)
    rewrite = spelling.hooks.get("rewrite")
    result = rewrite(node.attrs, [net.graph.types.get(v) for v in node.inputs]) if rewrite else None
    if not result:
        return False
    if result.get("before") or result.get("after"):
        raise NnportError(f"{kind.name}: a rewrite of a tensor op cannot add layers", node.loc)
    node.attrs = dict(result.get("attrs", node.attrs))
    node.target = result.get("kind", node.target)
    return True


def target_spelling(kind, target: str):
    return kind.spelling(target, "layer") or kind.spelling(target, "function") or kind.spelling(target)


def _legalize_module(net: Network, node: Node, target: str) -> bool:
    module = net.modules[node.target]
    kind = registry.kind(module.kind)
    spelling = target_spelling(kind, target)
    if spelling is None:
        return False  # the backend reports unsupported kinds (or writes a marked placeholder)
    if "calls_module" in spelling.hooks:
        return _call_other_module(net, node, module, spelling.hooks["calls_module"](module.attrs))
    inputs = [net.graph.types.get(v) for v in node.inputs]
    refuse = spelling.hooks.get("refuse")
    reason = refuse(module.attrs) if refuse else None
    if reason:
        raise NnportError(f"{kind.name} {module.name!r} cannot be written for {target}: {reason}", module.loc)
    rewrite = spelling.hooks.get("rewrite")
    try:
        done = _apply(net, node, module, rewrite(module.attrs, inputs) if rewrite else None)
        done |= _results(net, node, module, kind, spelling.hooks.get("results"))
    except Inexpressible as exc:
        raise NnportError(f"{kind.name} {module.name!r} cannot be written for {target}: {exc}", module.loc) from None
    if module.kind != kind.name:  # rewritten into another kind: that kind's own rules apply too
        return _legalize_module(net, node, target) or True
    kind = registry.kind(module.kind)
    spelling = target_spelling(kind, target)
    try:
        framework_values(kind, spelling, module.attrs, None)
        return done
    except Inexpressible as exc:
        hook = spelling.hooks.get("inexpressible")
        result = hook(module.attrs, inputs) if hook else None
        if not result:
            raise NnportError(f"{kind.name} {module.name!r}: {exc} has no spelling as {spelling.name}",
                              module.loc) from None
    _apply(net, node, module, result)
    framework_values(registry.kind(module.kind), target_spelling(registry.kind(module.kind), target),
                     module.attrs, None)
    return True


def _call_other_module(net: Network, node: Node, module: Module, found: tuple) -> bool:
    """Hook ``calls_module(attrs) -> (module name, call template, kind or None)``: the layer is
    computed by calling another module of the network another way (a tied output layer: its
    embedding called in reverse), which takes that kind; the layer itself is then not written."""
    other, call, kind = found
    if other not in net.modules:
        raise NnportError(f"{module.kind} {module.name!r} computes with {other!r}, which is not a layer of "
                          f"network {net.name!r}", module.loc)
    if kind is not None:
        net.modules[other].kind = kind
    node.target, node.attrs = other, {**node.attrs, "call": call}
    if not any(n.op == "call_module" and n.target == module.name for n in net.graph.nodes):
        del net.modules[module.name]
    return True


def _apply(net: Network, node: Node, module: Module, result: dict | None) -> bool:
    if not result:
        return False
    module.attrs = dict(result.get("attrs", module.attrs))
    module.kind = result.get("kind", module.kind)
    for kind_name, attrs in result.get("before", ()):
        _insert_before(net, node, kind_name, attrs, module)
    for kind_name, attrs in reversed(result.get("after", ())):
        _insert_after(net, node, kind_name, attrs, module)
    return True


def _insert_before(net: Network, node: Node, kind_name: str, attrs: dict, owner: Module) -> None:
    """A new layer applied to ``node``'s first input; named after the layer it serves."""
    name = _fresh(f"{owner.name}_{re.sub(r'[0-9]+d$', '', kind_name)}", net.modules)
    net.modules = _insert_module(net.modules, owner.name, Module(name, kind_name, dict(attrs), owner.loc))
    value = _fresh(name, {v for n in net.graph.nodes for v in n.outputs})
    step = Node("call_module", name, [node.inputs[0]], [value], loc=node.loc)
    source = net.graph.types.get(node.inputs[0])
    if source is not None:
        net.graph.types[value] = registry.kind(kind_name).shape(attrs, [source])[0]
    net.graph.nodes.insert(net.graph.nodes.index(node), step)
    node.inputs[0] = value


def _insert_after(net: Network, node: Node, kind_name: str, attrs: dict, owner: Module) -> None:
    """A new layer applied to ``node``'s (single) result; it takes over the result's name."""
    name = _fresh(f"{owner.name}_{re.sub(r'[0-9]+d$', '', kind_name)}", net.modules)
    modules = dict(reversed(_insert_module(dict(reversed(net.modules.items())), owner.name,
                                           Module(name, kind_name, dict(attrs), owner.loc)).items()))
    net.modules = modules  # declared just after its owner
    result = node.outputs[0]
    value = _fresh(f"{result}_{owner.name}", {v for n in net.graph.nodes for v in n.outputs})
    source = net.graph.types.get(node.inputs[0])
    if source is not None:
        net.graph.types[value] = registry.kind(owner.kind).shape(owner.attrs, [source])[0]
    node.outputs[0] = value
    net.graph.nodes.insert(net.graph.nodes.index(node) + 1, Node("call_module", name, [value], [result], loc=node.loc))


def _insert_module(modules: dict, before: str, module: Module) -> dict:
    """Keep declaration order readable: the new layer is declared just before its owner."""
    out = {}
    for name, m in modules.items():
        if name == before:
            out[module.name] = module
        out[name] = m
    return out


def _fresh(base: str, taken) -> str:
    name, n = base, 1
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def _results(net: Network, node: Node, module: Module, kind, hook) -> bool:
    """Rewrite a multi-output call into the target's call plus ops deriving the used outputs."""
    if hook is None or len(kind.outputs) < 2:
        return False
    source = net.graph.types.get(node.inputs[0])
    if source is None:
        raise NnportError(f"{kind.name} {module.name!r}: its input shape is unknown (give --input-shape)",
                          module.loc)
    if any(v and v not in net.graph.types for v in node.outputs):  # its shape rule refused the input
        raise NnportError(f"{kind.name} {module.name!r}: cannot be written for its input {source} (reported "
                          "above)", module.loc)
    wanted = {name: value for name, value in zip(kind.outputs, node.outputs) if value}
    plan = hook(module.attrs, tuple(wanted), [net.graph.types.get(v) for v in node.inputs])
    module.attrs = dict(plan["attrs"])
    taken = {v for n in net.graph.nodes for v in n.outputs}
    befores = {0: plan.get("before", ()), **plan.get("before_each", {})}  # ops on inputs (a permute ...)
    made: dict = {}  # (input, ops) -> the value they made: the same input permuted once
    for index, steps in befores.items():
        key = (node.inputs[index], repr(steps))
        if key in made:
            node.inputs[index] = made[key]
            continue
        for kind_name, attrs in steps:
            _op_before(net, node, index, kind_name, attrs, taken)
        made[key] = node.inputs[index]
    if plan.get("call"):  # the framework's call spelled over the inputs (keywords, another order)
        node.attrs["call"] = plan["call"]
    local = {}
    for slot, slot_type in plan["slots"]:
        local[slot] = _fresh(f"{module.name}_{slot}", taken)
        taken.add(local[slot])
        net.graph.types[local[slot]] = slot_type
    node.outputs = [local[slot] for slot, _ in plan["slots"]]
    flat = tuple(range(len(node.outputs))) if len(node.outputs) > 1 else None
    node.attrs["unpack"] = plan["unpack"] if plan["unpack"] is not None else flat
    _derive(net, node, plan["derive"], local, wanted, taken)
    return True


def _op_before(net: Network, node: Node, index: int, kind_name: str, attrs: dict, taken: set) -> None:
    source = node.inputs[index]
    value = _fresh(f"{source}_{kind_name}", taken)
    taken.add(value)
    net.graph.types[value] = registry.kind(kind_name).shape(attrs, [net.graph.types[source]])[0]
    net.graph.nodes.insert(net.graph.nodes.index(node), Node("call_op", kind_name, [source], [value], dict(attrs),
                                                             loc=node.loc))
    node.inputs = [value if i == index else v for i, v in enumerate(node.inputs)]


def _derive(net: Network, node: Node, steps, local: dict, wanted: dict, taken: set) -> None:
    at = net.graph.nodes.index(node) + 1
    for name, kind_name, attrs, inputs in steps:
        values = [local[i] for i in inputs]
        out = wanted.get(name) or _fresh(f"{node.target}_{name}", taken)
        taken.add(out)
        if kind_name is None:  # an alias: the slot is the output, under the output's name
            _rename(net, values[0], out)
            local.update({slot: out for slot, value in local.items() if value == values[0]})  # later steps read it too
            local[name] = out
            continue
        if name not in wanted:
            types = [net.graph.types[v] for v in values]
            net.graph.types[out] = registry.kind(kind_name).shape(attrs, types)[0]
        net.graph.nodes.insert(at, Node("call_op", kind_name, values, [out], dict(attrs), loc=node.loc))
        local[name] = out
        at += 1


def _rename(net: Network, old: str, new: str) -> None:
    net.graph.types[new] = net.graph.types.pop(old)
    for n in net.graph.nodes:
        n.outputs = [new if v == old else v for v in n.outputs]
        n.inputs = [new if v == old else v for v in n.inputs]
