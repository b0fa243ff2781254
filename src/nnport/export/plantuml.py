"""PlantUML class diagram of a pivot model, for system models that embed networks.

Each network is a class (stereotype ``network``) whose layers and sub-networks are parts
(composition arrows labelled with the attribute name); each layer is a class with its
canonical attributes and output type. Training and datasets are classes linked to the main
network. ``behaviour="System.predict"`` adds the system class whose method the network
implements, with the method's signature taken from the network's input and output types.
"""
from __future__ import annotations

import re

from ..catalog import registry
from ..ir.graph import Network, PivotModel

_UNSAFE = re.compile(r"\W")


def render(model: PivotModel, behaviour: str | None = None) -> str:
    lines = ["@startuml", f"title {model.main} ({model.source.framework or '?'}: {model.source.file or '-'})",
             "hide empty methods", ""]
    for net in model.networks.values():
        lines += _network(net)
    if model.training or model.datasets:
        lines += _training(model)
    if behaviour:
        lines += _behaviour(model, behaviour)
    return "\n".join(lines + ["@enduml"]) + "\n"


def alias(*parts: str) -> str:
    return "__".join(_UNSAFE.sub("_", p) for p in parts)


def _quote(text: str) -> str:
    return text.replace('"', "'")


def _network(net: Network) -> list[str]:
    types = net.graph.types
    body = [f"  style : str = {net.style!r}"]
    body += [f"  input {v} : {types.get(v, 'Tensor')}" for n in net.graph.inputs for v in n.outputs]
    body += [f"  output {v} : {types.get(v, 'Tensor')}" for v in net.graph.output.inputs]
    body += [f"  {{field}} op {n.outputs[0]} = {n.target}({', '.join(n.inputs)})"
             for n in net.graph.nodes if n.op == "call_op"]
    lines = [f'class "{_quote(net.name)}" as {alias(net.name)} <<network>> {{', *body, "}"]
    results = _module_results(net)
    for module in net.modules.values():
        if module.kind == "network":
            target = module.attrs["network"]
            lines.append(f'{alias(net.name)} *-- "1" {alias(target)} : {module.name}')
            continue
        lines += _layer(net, module, results.get(module.name, []))
        lines.append(f'{alias(net.name)} *-- "1" {alias(net.name, module.name)} : {module.name}')
    return lines + [""]


def _module_results(net: Network) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for node in net.module_calls():
        found.setdefault(node.target, []).extend(v for v in node.outputs if v)
    return found


def _layer(net: Network, module, results: list[str]) -> list[str]:
    family = registry.kind(module.kind).family
    name = f"{module.name} : {module.kind}"
    kind = registry.kind(module.kind)
    body = [_attribute(key, _attr_type(kind, key), value) for key, value in module.attrs.items()]
    body += [f"  output {v} : {net.graph.types[v]}" for v in results if v in net.graph.types]
    return [f'class "{_quote(name)}" as {alias(net.name, module.name)} <<{family}>> {{', *body, "}"]


def _attr_type(kind, name: str) -> str:
    try:
        return kind.attr(name).type
    except KeyError:
        return "any"


def _attribute(name: str, type_name: str, value) -> str:
    """``name : type = value``; {field} keeps PlantUML from reading parentheses as a method."""
    return f"  {{field}} {name} : {type_name} = {value!r}"


def _training(model: PivotModel) -> list[str]:
    lines = []
    t = model.training
    if t:
        body = [f"  {{field}} {label} = {c.kind}({', '.join(f'{k}={v!r}' for k, v in c.attrs.items())})"
                for label, c in (("optimizer", t.optimizer), ("loss", t.loss), ("schedule", t.schedule)) if c]
        body += [f"  callback = {c.kind}" for c in t.callbacks]
        body += [f"  {{field}} {key} = {getattr(t, key)!r}" for key in ("metrics", "epochs", "batch_size", "validation_split")
                 if getattr(t, key) not in (None, [])]
        lines += [f'class "Training" as {alias(model.main, "training")} <<training>> {{', *body, "}",
                  f"{alias(model.main, 'training')} --> {alias(model.main)} : trains"]
    source = alias(model.main, "training") if t else alias(model.main)
    for ds in model.datasets:
        body = [f"  split : str = {ds.split!r}"] + [f"  {{field}} {k} = {v!r}" for k, v in ds.attrs.items()]
        body += [f"  {{field}} transform = {step!r}" for step in ds.transforms]
        lines += [f'class "{_quote(ds.name)} : {ds.loader}" as {alias("dataset", ds.name)} <<dataset>> {{', *body,
                  "}", f"{source} --> {alias('dataset', ds.name)} : {ds.split}"]
    return lines + [""]


def _behaviour(model: PivotModel, behaviour: str) -> list[str]:
    owner, _, method = behaviour.rpartition(".")
    if not owner or not method.isidentifier():
        raise ValueError(f"--behaviour takes Class.method, got {behaviour!r}")
    net = model.network
    types = net.graph.types
    params = ", ".join(f"{v} : {types.get(v, 'Tensor')}" for n in net.graph.inputs for v in n.outputs)
    results = ", ".join(str(types.get(v, "Tensor")) for v in net.graph.output.inputs)
    return [f'class "{_quote(owner)}" as {alias(owner)} <<system>> {{', f"  + {method}({params}) : {results}", "}",
            f"{alias(owner)} ..> {alias(model.main)} : {method}() <<implemented by>>", ""]
