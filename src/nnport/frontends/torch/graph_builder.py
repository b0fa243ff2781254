"""Building one network's forward graph: unique readable value names, nodes, symbolic tensors."""
from __future__ import annotations

import ast

from dataclasses import dataclass
from typing import Any

from ...errors import SourceLoc
from ...ir.graph import Graph, Node
from ..common.constants import scalar_type
from .values import Untranslatable


class Tensor:
    """A value of the forward graph. Python operators on it record graph nodes."""

    def __init__(self, name: str, builder: "GraphBuilder"):
        self.name, self.builder = name, builder

    def __repr__(self):
        return f"%{self.name}"

    def __bool__(self):
        raise Untranslatable(None, "data-dependent control flow: a condition depends on tensor values")

    def __iter__(self):
        raise Untranslatable(None, "iterating over a tensor's values is data-dependent")

    def __len__(self):
        raise Untranslatable(None, "len() of a tensor is not known statically")

    def __getitem__(self, key):
        return self.builder.tracer.getitem(self, key)

    def __neg__(self):
        return self.builder.tracer.operator("neg", self)


def _binary(name, reflected=False):
    def apply(self, other):
        tracer = self.builder.tracer
        return tracer.operator(name, other, self) if reflected else tracer.operator(name, self, other)
    return apply


for _op in ("add", "sub", "mul", "truediv", "matmul", "pow", "floordiv"):
    setattr(Tensor, f"__{_op}__", _binary(_op))
    setattr(Tensor, f"__r{_op}__", _binary(_op, reflected=True))
for _op in ("lt", "le", "gt", "ge"):
    setattr(Tensor, f"__{_op}__", _binary(_op))


@dataclass(frozen=True)
class Dim:
    """``x.size(i)`` / ``x.shape[i]``: a size known only when the graph runs."""

    tensor: str
    axis: int

    def __repr__(self):
        return f"%{self.tensor}.size({self.axis})"

    def __mul__(self, other):  # x.size(0) * x.size(1): the axes it multiplies, for reshape to read
        from .dim_products import times

        return times(self, other)

    __rmul__ = __mul__

    def __index__(self):  # range(x.size(1)), int(x.size(1)), an index: Python needs the number itself
        raise Untranslatable(None, f"{self.tensor}.size({self.axis}) is known only when the model runs, and a "
                                   "number is needed here (a loop over time steps: a recurrent layer does it)")

    __int__ = __index__


@dataclass(frozen=True)
class ZeroState:
    """``torch.zeros(num_layers, x.size(0), hidden)`` in forward: read only as the initial state
    of a recurrent layer, where it is the default (nothing is written)."""

    node: ast.Call


@dataclass(frozen=True)
class Unfilled:
    """``torch.empty_like(x)``: a tensor shaped like ``x`` whose values are read only once a
    random draw fills it (``.normal_()``, ``.uniform_()``)."""

    like: Tensor
    node: ast.Call


class Shape:
    """``x.shape`` / ``x.size()``: indexing or unpacking gives ``Dim``s."""

    def __init__(self, tensor: Tensor):
        self.tensor = tensor

    def __iter__(self):  # [*x.shape]: Python would index it until it fails, never here
        raise Untranslatable(None, f"iterating {self.tensor}.shape needs its rank, known only when the model runs; "
                                   "unpack it into names (b, c, h, w = x.shape)")

    def __getitem__(self, axis):
        if not isinstance(axis, int):
            raise Untranslatable(None, "slicing a tensor shape is not supported")
        return Dim(self.tensor.name, axis)

    def unpack(self, count: int) -> list[Dim]:
        return [Dim(self.tensor.name, i) for i in range(count)]


class NamedResults:
    """``torch.max(x, dim)``: (values, indices), each made into a node when first read
    (``[0]``, ``.values``, unpacking), so the graph holds only what forward uses."""

    def __init__(self, builder: "GraphBuilder", source: Tensor, fields):
        self.builder, self.source, self.fields = builder, source, fields
        self.made: dict[int, Tensor] = {}

    def __getitem__(self, index: int) -> Tensor:
        count = len(self.fields)
        if not isinstance(index, int) or isinstance(index, bool) or not -count <= index < count:
            names = ", ".join(f[0] for f in self.fields)
            raise Untranslatable(None, f"the result holds {count} values ({names}); [{index!r}] is none of them")
        index %= count
        if index not in self.made:
            name, kind, attrs = self.fields[index]
            self.made[index] = self.builder.add("call_op", kind, [self.source.name], [name], attrs)[0]
        return self.made[index]

    def field(self, name: str) -> Tensor:
        names = [f[0] for f in self.fields]
        if name not in names:
            raise Untranslatable(None, f"the result has no field .{name} (it has {', '.join(names)})")
        return self[names.index(name)]

    def __iter__(self):
        return iter([self[i] for i in range(len(self.fields))])

    def __len__(self):
        return len(self.fields)


class GraphBuilder:
    def __init__(self, tracer):
        self.tracer = tracer
        self.graph = Graph()
        self.taken: set[str] = set()
        self.producer: dict[str, Node] = {}
        self.fresh_values: set[str] = set()  # produced by the statement being traced, not yet named
        self.loc: SourceLoc | None = None

    def name(self, hint: str) -> str:
        base = "".join(c if c.isalnum() or c == "_" else "_" for c in hint) or "v"
        if base[0].isdigit():
            base = f"v{base}"
        name, i = base, 0
        while name in self.taken:
            i += 1
            name = f"{base}_{i}"
        self.taken.add(name)
        return name

    def add(self, op: str, target: str, inputs: list[str], hints: list[str], attrs=None) -> list[Tensor]:
        names = [self.name(h) if h else "" for h in hints]
        node = Node(op, target, list(inputs), names, dict(attrs or {}), self.loc)
        self.graph.nodes.append(node)
        for n in names:
            self.producer[n] = node
            self.fresh_values.add(n)
        return [Tensor(n, self) if n else None for n in names]

    def input(self, name: str) -> Tensor:
        return self.add("input", "", [], [name])[0]

    def constant(self, value: Any) -> Tensor:
        tensor = self.add("constant", "", [], ["const"], {"value": value})[0]
        if isinstance(value, (int, float)):
            self.graph.types[tensor.name] = scalar_type(value)
        return tensor

    def rename(self, tensor: Tensor, variable: str) -> None:
        """Give a freshly produced value the source variable's name (``x = self.conv(x)`` -> %x)."""
        self.hold(tensor.name, variable)
        if tensor.name not in self.fresh_values or tensor.name == variable:
            return
        self.fresh_values.discard(tensor.name)
        node = self.producer.pop(tensor.name)
        self.taken.discard(tensor.name)
        new = self.name(variable)
        node.outputs[node.outputs.index(tensor.name)] = new
        self.producer[new] = node
        if tensor.name in self.graph.variables:
            self.graph.variables[new] = self.graph.variables.pop(tensor.name)
        tensor.name = new

    def hold(self, value: str, variable: str) -> None:
        """Record that ``variable`` holds ``value`` (an input first holds its own name)."""
        producer = self.producer.get(value)
        held = self.graph.variables.get(value) or ((value,) if producer is not None and producer.op == "input" else ())
        if variable not in held:
            self.graph.variables[value] = (*held, variable)

    def pieces(self, tensor: Tensor, names: list[str]) -> list[Tensor]:
        """``a, b = torch.chunk(x, 2)``: the split node gets one output per unpacked name."""
        node = self.producer.pop(tensor.name)
        self.taken.discard(tensor.name)
        self.fresh_values.discard(tensor.name)
        hint = tensor.name
        node.outputs = [self.name(n or f"{hint}_{i}") for i, n in enumerate(names)]
        for n in node.outputs:
            self.producer[n] = node
        return [Tensor(n, self) for n in node.outputs]

    def end_statement(self) -> None:
        self.fresh_values.clear()

    def output(self, values: list[Tensor]) -> None:
        self.graph.nodes.append(Node("output", inputs=[v.name for v in values], loc=self.loc))

    def prune_unused_outputs(self) -> None:
        """Multi-output nodes (recurrent layers): results nobody reads become ""."""
        used = {v for node in self.graph.nodes for v in node.inputs}
        for node in self.graph.nodes:
            if len(node.outputs) > 1:
                node.outputs = [v if v in used else "" for v in node.outputs]
