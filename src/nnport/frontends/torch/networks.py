"""From evaluated constructor values to pivot-model networks (sub-networks first).

A class instance becomes a Network traced from its ``forward``; an ``nn.Sequential`` becomes
a Network whose graph chains its items. ModuleList / ModuleDict items are modules of the
owning network named like PyTorch's state_dict ("convs.0"). Instances of one class with the
same constructor arguments share one Network.
"""
from __future__ import annotations

from typing import Any

import ast

from ...ir.graph import ClassProgram, Module, Network, Node, PivotModel
from ..common.traced import plain_value, split, strip
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

    def network_of(self, value: Any, hint: str, signature: tuple | None = None, frame=None) -> str:
        if (id(value), signature) in self.built:
            return self.built[(id(value), signature)]
        if isinstance(value, Instance):
            key = (value.cls, repr(sorted(value.args.items())), repr(signature))
            if key not in self.by_key:
                self.by_key[key] = self.instance_network(value, signature)
            name = self.by_key[key]
        else:
            name = self.sequential_network(value, hint, frame)
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
    def modules_of(self, owner: str, items: list[tuple[str, Any]], called: dict | None = None, frame=None
                   ) -> tuple[dict[str, Module], dict[int, str]]:
        """``called``: where instances with a forward of their own wait to be built by their call;
        ``frame``: the parameters of the class building them (their expressions are kept)."""
        modules: dict[str, Module] = {}
        names: dict[int, str] = {}
        for name, value in items:
            self.add_module(owner, name, value, modules, names, called, frame)
        return modules, names

    def add_module(self, owner, name, value, modules, names, called=None, frame=None) -> None:
        if isinstance(value, (ModuleList, ModuleDict)):
            entries = value.items.items() if isinstance(value, ModuleDict) else enumerate(value.items)
            for key, item in entries:
                self.add_module(owner, f"{name}.{key}", item, modules, names, called, frame)
            return
        names[id(value)] = name
        if isinstance(value, Layer):
            attrs, exprs = split(value.attrs, frame)
            modules[name] = Module(name, value.kind.name, attrs, value.loc, exprs)
            return
        exprs = split(value.args, frame)[1] if isinstance(value, Instance) else {}
        if called is not None and isinstance(value, Instance) and \
                specialised(value, Interpreter(self.src).find_method(value.cls, "forward")):
            called[name] = value
            modules[name] = Module(name, "network", {"network": None}, value.loc, exprs)
        else:
            network = self.network_of(value, f"{owner}_{name.replace('.', '_')}", frame=frame)
            modules[name] = Module(name, "network", {"network": network}, value.loc, exprs)

    def outputs_of(self, value: Any, signature: tuple | None = None) -> list[str]:
        if isinstance(value, Layer):
            return list(value.kind.outputs)
        network = self.model.networks[self.built[(id(value), signature)]]
        return [f"out{i}" if i else "out" for i in range(len(network.graph.output.inputs))]

    # --- networks ------------------------------------------------------------------------
    def sequential_network(self, seq: Sequential, hint: str, frame=None) -> str:
        modules, _ = self.modules_of(hint, seq.items, frame=frame)
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
        modules, names = self.modules_of(instance.cls, list(instance.modules.items()), called, instance.frame)
        forward = self._forward(instance)
        tracer = ForwardTracer(self.src, instance.scope, names, self.outputs_of, self.network_call)
        tracer.trace(forward, signature)
        for node in tracer.builder.graph.nodes:  # forward code reading a parameter bakes it
            node.attrs = strip(node.attrs)
        for module, attrs in tracer.module_attrs.items():
            modules[module].attrs.update(strip(attrs))
        for module, value in called.items():  # never called in forward: every parameter an input
            if modules[module].attrs["network"] is None:
                modules[module].attrs["network"] = self.network_of(value, f"{instance.cls}_{module}")
        name = self.unique(instance.cls)
        cls = self.src.classes[instance.cls]
        network = Network(name, modules, tracer.builder.graph, "subclassing", self.src.loc(cls),
                          program=self._program(instance))
        self.model.networks[name] = network
        return name

    def _program(self, instance: Instance) -> ClassProgram | None:
        init = Interpreter(self.src).find_method(instance.cls, "__init__")
        if init is None or instance.frame is None:
            return None
        params = init.args.posonlyargs + init.args.args
        defaults = dict(zip([p.arg for p in params][len(params) - len(init.args.defaults):], init.args.defaults))
        declared = [(p.arg, self._default_text(defaults[p.arg]) if p.arg in defaults else None)
                    for p in params[1:]]  # keyword-only parameters stay baked
        return ClassProgram(instance.cls, declared, plain_value(instance.args), instance.frame.decided)

    def _default_text(self, expr: ast.expr) -> str:
        """A default as generated code can write it: the source's literal, or the number a name
        stands for (``vocab_size=VOCAB_SIZE``); "" where it is neither (the parameter stays baked)."""
        try:
            ast.literal_eval(expr)
            return ast.unparse(expr)
        except ValueError:
            pass
        try:
            value = Interpreter(self.src).value(expr, self.src.constants, "default is not static")
        except Untranslatable:
            return ""
        return repr(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else ""

    def _forward(self, instance: Instance):
        forward = Interpreter(self.src).find_method(instance.cls, "forward")
        if forward is None:
            raise Untranslatable(self.src.classes[instance.cls], f"class {instance.cls} has no forward()")
        return forward
