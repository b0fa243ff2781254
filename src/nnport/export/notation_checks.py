"""Completing and checking a model read from the text notation.

``finish_networks`` fills what a hand-written file may leave out (the main network, the
style, the chain of modules when no graph is written); ``check_model`` reports unknown kinds
and attributes and broken graphs with the line:col they were written at.
"""
from __future__ import annotations

import difflib

from ..catalog import registry
from ..catalog.schema import REQUIRED
from ..errors import Diagnostic, NnportError, SourceLoc
from ..ir.validate import validate

CALLS = ("call_module", "call_op")


def finish_networks(data: dict, places: dict) -> None:
    path = data["source"]["file"]
    if not data["networks"]:
        raise NnportError("expected at least one 'network NAME' section", SourceLoc(path, 1, 0))
    _unique([(n["name"], n["loc"]) for n in data["networks"]], "network {!r} is defined twice", path)
    for net in data["networks"]:
        _unique([(m["name"], m["loc"]) for m in net["modules"]],
                "module {!r} is defined twice in network " + repr(net["name"]), path)
        _complete(net, path)
    data["main"] = _main(data, places)
    main = next(n for n in data["networks"] if n["name"] == data["main"])
    if data["source"].get("framework") == "nn":
        data["source"]["style"] = data["source"].get("style") or main["style"]
        data["source"]["layout"] = data["source"].get("layout") or _layout(main)


def _unique(named: list, message: str, path: str) -> None:
    seen = set()
    for name, loc in named:
        if name in seen:
            raise NnportError(message.format(name), SourceLoc(*loc) if loc else SourceLoc(path))
        seen.add(name)


def _main(data: dict, places: dict) -> str:
    marked = places["main"]
    if len(marked) > 1:
        raise NnportError(f"only one network can be 'main' ({marked[0][0]!r} already is)", marked[1][1])
    return marked[0][0] if marked else data["networks"][-1]["name"]


def _complete(net: dict, path: str) -> None:
    calls = [n for n in net["nodes"] if n["op"] in CALLS]
    if not net["style"]:
        net["style"] = "subclassing" if calls else "sequential"
    if not calls and net["modules"]:
        _chain(net, path)
    elif not any(n["op"] == "output" for n in net["nodes"]):
        loc = SourceLoc(*net["loc"]) if net["loc"] else SourceLoc(path)
        if not net["nodes"]:
            raise NnportError(f"network {net['name']!r} is empty: expected module lines or graph nodes", loc)
        raise NnportError(f"network {net['name']!r} has graph nodes but no 'output %value' line", loc)


def _chain(net: dict, path: str) -> None:
    """No graph written: the modules, in order, form a chain from the input to the output."""
    inputs = [n for n in net["nodes"] if n["op"] == "input"]
    given_output = next((n for n in net["nodes"] if n["op"] == "output"), None)
    if given_output or len(inputs) > 1:
        node = given_output or inputs[1]
        raise NnportError("without graph nodes the modules form a chain of one input: leave out "
                          + ("'output'" if given_output else "the second input") + " or write the graph",
                          SourceLoc(*node["loc"]) if node["loc"] else SourceLoc(path))
    if not inputs:
        inputs = [{"op": "input", "target": "", "inputs": [], "outputs": ["x"], "attrs": {}, "loc": None}]
    previous = inputs[0]["outputs"][0]
    nodes = list(inputs)
    for module in net["modules"]:
        out = module["name"] if module["name"] != previous else f"{module['name']}_out"
        nodes.append({"op": "call_module", "target": module["name"], "inputs": [previous], "outputs": [out],
                      "attrs": {}, "loc": module["loc"]})
        previous = out
    nodes.append({"op": "output", "target": "", "inputs": [previous], "outputs": [], "attrs": {}, "loc": None})
    net["nodes"] = nodes


def _layout(net: dict) -> str:
    for node in net["nodes"]:
        typed = net["types"].get(node["outputs"][0]) if node["op"] == "input" else None
        if typed and "C" in typed["roles"]:
            spatial = [i for i, r in enumerate(typed["roles"]) if r in ("D", "H", "W")]
            if spatial and typed["roles"].index("C") > spatial[-1]:
                return "channels_last"
    return "channels_first"


def check_model(model, places: dict) -> None:
    problems: list[Diagnostic] = []
    if places["from_notation"]:
        for net in model.networks.values():
            for module in net.modules.values():
                problems += _check_module(net.name, module, places)
        problems += _check_training(model, places)
    if not problems:
        problems = [d for d in validate(model) if d.severity == "error"]
    if problems:
        raise NnportError("invalid model", diagnostics=problems)


def _check_module(net_name: str, module, places: dict) -> list[Diagnostic]:
    where = places["kinds"].get((net_name, module.name), module.loc)
    if module.kind == "network":
        return [] if set(module.attrs) == {"network"} else [
            Diagnostic(where, f"module {module.name!r}: a sub-network module takes network='Name' only")]
    try:
        kind = registry.kind(module.kind)
    except KeyError:
        names = [k.name for k in registry.kinds()] + ["network"]
        close = difflib.get_close_matches(module.kind, names, 3)
        hint = f" (did you mean {', '.join(close)}?)" if close else "; `nnport layers` lists them"
        return [Diagnostic(where, f"expected a layer kind, {module.kind!r} is not one{hint}")]
    known = [a.name for a in kind.attrs]
    found = [Diagnostic(where, f"{module.kind} {module.name!r}: unknown attribute {name!r}; "
                               f"expected one of {', '.join(known) or '(none)'}")
             for name in module.attrs if name not in known]
    found += [Diagnostic(where, f"{module.kind} {module.name!r}: attribute {a.name!r} is required")
              for a in kind.attrs if a.default is REQUIRED and not a.inferred and a.name not in module.attrs]
    return found


def _check_training(model, places: dict) -> list[Diagnostic]:
    if not model.training:
        return []
    t = model.training
    named = [("optimizer", t.optimizer), ("loss", t.loss), ("schedule", t.schedule)]
    problems = []
    for label, comp in named + [("callback", c) for c in t.callbacks]:
        if comp is None:
            continue
        try:
            registry.kind(comp.kind)
        except KeyError:
            known = [k.name for k in registry.kinds(training=True) if k.family == label]
            article = "an" if label[0] in "aeiou" else "a"
            problems.append(Diagnostic(comp.loc, f"expected {article} {label} kind ({', '.join(known) or 'none known'}), "
                                                 f"{comp.kind!r} is not one"))
    return problems
