"""From evaluated constructor values to pivot-model networks (sub-networks first).

A class instance becomes a Network traced from its ``forward``; an ``nn.Sequential`` becomes
a Network whose graph chains its items. ModuleList / ModuleDict items are modules of the
owning network named like PyTorch's state_dict ("convs.0"). Instances of one class with the
same constructor arguments share one Network.
"""
from __future__ import annotations

from typing import Any

from ...ir.graph import Module, Network, Node, PivotModel
from .forward import ForwardTracer
from .source import SourceFile
from .statements import Interpreter
from .values import Instance, Layer, ModuleDict, ModuleList, Sequential, Untranslatable


class NetworkBuilder:
    def __init__(self, src: SourceFile, model: PivotModel):
        self.src, self.model = src, model
        self.built: dict[int, str] = {}  # id(value) -> network name
        self.by_key: dict[tuple, str] = {}  # (class, args) -> network name

    def network_of(self, value: Any, hint: str) -> str:
        if id(value) in self.built:
            return self.built[id(value)]
        if isinstance(value, Instance):
            key = (value.cls, repr(sorted(value.args.items())))
            if key not in self.by_key:
                self.by_key[key] = self.instance_network(value)
            name = self.by_key[key]
        else:
            name = self.sequential_network(value, hint)
        self.built[id(value)] = name
        return name

    def unique(self, base: str) -> str:
        name, i = base, 0
        while name in self.model.networks:
            i += 1
            name = f"{base}_{i}"
        return name

    # --- modules -------------------------------------------------------------------------
    def modules_of(self, owner: str, items: list[tuple[str, Any]]) -> tuple[dict[str, Module], dict[int, str]]:
        modules: dict[str, Module] = {}
        names: dict[int, str] = {}
        for name, value in items:
            self.add_module(owner, name, value, modules, names)
        return modules, names

    def add_module(self, owner, name, value, modules, names) -> None:
        if isinstance(value, (ModuleList, ModuleDict)):
            entries = value.items.items() if isinstance(value, ModuleDict) else enumerate(value.items)
            for key, item in entries:
                self.add_module(owner, f"{name}.{key}", item, modules, names)
            return
        names[id(value)] = name
        if isinstance(value, Layer):
            modules[name] = Module(name, value.kind.name, dict(value.attrs), value.loc)
        else:
            network = self.network_of(value, f"{owner}_{name.replace('.', '_')}")
            modules[name] = Module(name, "network", {"network": network}, value.loc)

    def outputs_of(self, value: Any) -> list[str]:
        if isinstance(value, Layer):
            return list(value.kind.outputs)
        network = self.model.networks[self.built[id(value)]]
        return [f"out{i}" if i else "out" for i in range(len(network.graph.output.inputs))]

    # --- networks ------------------------------------------------------------------------
    def sequential_network(self, seq: Sequential, hint: str) -> str:
        modules, _ = self.modules_of(hint, seq.items)
        nodes = [Node("input", outputs=["x"], loc=seq.loc)]
        previous = "x"
        for name, value in seq.items:
            outputs = self.outputs_of(value)
            if len(outputs) != 1:
                raise Untranslatable(None, f"nn.Sequential item {name!r} returns {len(outputs)} values")
            value_name = name if name.isidentifier() else f"x{name}"
            nodes.append(Node("call_module", name, [previous], [value_name], loc=modules[name].loc))
            previous = value_name
        nodes.append(Node("output", inputs=[previous], loc=seq.loc))
        name = self.unique(hint)
        network = Network(name, modules, style="sequential", loc=seq.loc)
        network.graph.nodes = nodes
        self.model.networks[name] = network
        return name

    def instance_network(self, instance: Instance) -> str:
        if instance.chain is not None and Interpreter(self.src).find_method(instance.cls, "forward") is None:
            return self.sequential_network(instance.chain, instance.cls)  # nn.Sequential's own forward
        modules, names = self.modules_of(instance.cls, list(instance.modules.items()))
        forward = self._forward(instance)
        tracer = ForwardTracer(self.src, instance.scope, names, self.outputs_of)
        tracer.trace(forward)
        for module, attrs in tracer.module_attrs.items():
            modules[module].attrs.update(attrs)
        name = self.unique(instance.cls)
        cls = self.src.classes[instance.cls]
        network = Network(name, modules, tracer.builder.graph, "subclassing", self.src.loc(cls))
        self.model.networks[name] = network
        return name

    def _forward(self, instance: Instance):
        forward = Interpreter(self.src).find_method(instance.cls, "forward")
        if forward is None:
            raise Untranslatable(self.src.classes[instance.cls], f"class {instance.cls} has no forward()")
        return forward
