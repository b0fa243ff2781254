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
from .subnetworks import specialised
from .values import Instance, Layer, ModuleDict, ModuleList, Sequential, Untranslatable


class NetworkBuilder:
    def __init__(self, src: SourceFile, model: PivotModel):
        self.src, self.model = src, model
        self.built: dict[int, str] = {}  # id(value) -> network name
        self.by_key: dict[tuple, str] = {}  # (class, args, call signature) -> network name
        self.uncalled: dict[str, Any] = {}  # module name -> instance whose network waits for its call

    def network_of(self, value: Any, hint: str, signature: tuple | None = None) -> str:
        if (id(value), signature) in self.built:
            return self.built[(id(value), signature)]
        if isinstance(value, Instance):
            key = (value.cls, repr(sorted(value.args.items())), repr(signature))
            if key not in self.by_key:
                self.by_key[key] = self.instance_network(value, signature)
            name = self.by_key[key]
        else:
            name = self.sequential_network(value, hint)
        self.built[(id(value), signature)] = name
        return name

    def network_call(self, value: Instance, signature: tuple) -> tuple[str, list[str]]:
        """The sub-network a call with these constant arguments runs, and its result names."""
        name = self.network_of(value, value.cls, signature)
        return name, self.outputs_of(value, signature)

    def unique(self, base: str) -> str:
        name, i = base, 0
        while name in self.model.networks:
            i += 1
            name = f"{base}_{i}"
        return name

    # --- modules -------------------------------------------------------------------------
    def modules_of(self, owner: str, items: list[tuple[str, Any]], called: dict | None = None
                   ) -> tuple[dict[str, Module], dict[int, str]]:
        """``called``: where instances with a forward of their own wait to be built by their call."""
        modules: dict[str, Module] = {}
        names: dict[int, str] = {}
        for name, value in items:
            self.add_module(owner, name, value, modules, names, called)
        return modules, names

    def add_module(self, owner, name, value, modules, names, called=None) -> None:
        if isinstance(value, (ModuleList, ModuleDict)):
            entries = value.items.items() if isinstance(value, ModuleDict) else enumerate(value.items)
            for key, item in entries:
                self.add_module(owner, f"{name}.{key}", item, modules, names, called)
            return
        names[id(value)] = name
        if isinstance(value, Layer):
            modules[name] = Module(name, value.kind.name, dict(value.attrs), value.loc)
        elif called is not None and isinstance(value, Instance) and \
                specialised(value, Interpreter(self.src).find_method(value.cls, "forward")):
            called[name] = value
            modules[name] = Module(name, "network", {"network": None}, value.loc)
        else:
            network = self.network_of(value, f"{owner}_{name.replace('.', '_')}")
            modules[name] = Module(name, "network", {"network": network}, value.loc)

    def outputs_of(self, value: Any, signature: tuple | None = None) -> list[str]:
        if isinstance(value, Layer):
            return list(value.kind.outputs)
        network = self.model.networks[self.built[(id(value), signature)]]
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

    def instance_network(self, instance: Instance, signature: tuple | None = None) -> str:
        if instance.chain is not None and Interpreter(self.src).find_method(instance.cls, "forward") is None:
            return self.sequential_network(instance.chain, instance.cls)  # nn.Sequential's own forward
        called: dict[str, Any] = {}
        modules, names = self.modules_of(instance.cls, list(instance.modules.items()), called)
        forward = self._forward(instance)
        tracer = ForwardTracer(self.src, instance.scope, names, self.outputs_of, self.network_call)
        tracer.trace(forward, signature)
        for module, attrs in tracer.module_attrs.items():
            modules[module].attrs.update(attrs)
        for module, value in called.items():  # never called in forward: every parameter an input
            if modules[module].attrs["network"] is None:
                modules[module].attrs["network"] = self.network_of(value, f"{instance.cls}_{module}")
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
