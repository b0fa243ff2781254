"""The pivot model: networks of named modules and a forward graph in SSA form.

A node is one of five closed kinds (like torch.fx):
  input       - a network argument; ``outputs`` holds its value
  call_module - applies ``modules[target]`` to ``inputs``
  call_op     - applies the catalog tensor op ``target`` (attrs in ``attrs``)
  constant    - a literal in ``attrs["value"]``
  output      - the network's results, in ``inputs``
All variety (which layer, which op) lives in the catalog, not in new node kinds.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..errors import SourceLoc
from .training import Dataset, Training
from .types import TensorType

NODE_KINDS = ("input", "call_module", "call_op", "constant", "output")
STYLES = ("sequential", "subclassing", "functional")


@dataclass
class Module:
    """A layer (catalog kind) or a sub-network (kind ``network``, attrs["network"] names it)."""

    name: str
    kind: str
    attrs: dict[str, Any] = field(default_factory=dict)
    loc: SourceLoc | None = None
    # attribute -> its value as an expression over the owning class's parameters (sizes.Parameter
    # inside; for a sub-network, its constructor arguments): what a generic class writes
    exprs: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass
class Node:
    op: str
    target: str = ""
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    loc: SourceLoc | None = None


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    types: dict[str, TensorType] = field(default_factory=dict)  # value name -> type, once inferred
    # value name -> the source variables holding it, in the order assigned (``x = self.conv(x)``,
    # ``identity = x``): generated code names its values so. Naming only: JSON carries it, the .nn
    # notation does not, and two graphs computing the same are equal whatever their names
    variables: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @property
    def inputs(self) -> list[Node]:
        return [n for n in self.nodes if n.op == "input"]

    @property
    def output(self) -> Node:
        return next(n for n in self.nodes if n.op == "output")

    def producers(self) -> dict[str, Node]:
        return {v: n for n in self.nodes for v in n.outputs}

    def users(self) -> dict[str, list[Node]]:
        found: dict[str, list[Node]] = {}
        for node in self.nodes:
            for v in node.inputs:
                found.setdefault(v, []).append(node)
        return found


@dataclass
class ClassProgram:
    """The source class a network is an instance of, as its constructor declares it."""

    cls: str
    # (name, its default as code, None for none, "" for one code cannot write), in order
    params: list[tuple[str, str | None]]
    args: dict[str, Any]  # this instance's arguments (plain values)
    decided: set[str] = field(default_factory=set)  # parameters a decision read: baked, never free


@dataclass
class Network:
    name: str
    modules: dict[str, Module] = field(default_factory=dict)
    graph: Graph = field(default_factory=Graph)
    style: str = "subclassing"  # how the source wrote it: a hint for the default target style
    loc: SourceLoc | None = None
    program: ClassProgram | None = field(default=None, compare=False)

    def module_calls(self) -> list[Node]:
        return [n for n in self.graph.nodes if n.op == "call_module"]

    def call_counts(self) -> Counter:
        """How many times forward calls each module (a shared layer more than once)."""
        return Counter(n.target for n in self.module_calls())

    @property
    def is_chain(self) -> bool:
        """True when every node feeds only the next one: the network can be a Sequential."""
        body = [n for n in self.graph.nodes if n.op not in ("input", "output")]
        if len(self.graph.inputs) != 1 or len(self.graph.output.inputs) != 1:
            return False
        previous = self.graph.inputs[0].outputs
        for node in body:
            if node.op != "call_module" or node.inputs != previous or len(node.outputs) != 1:
                return False
            previous = node.outputs
        return self.graph.output.inputs == previous


@dataclass
class SourceInfo:
    file: str = ""
    framework: str = ""  # "torch" | "keras" | "nn"
    style: str = ""
    layout: str = "channels_first"  # the layout the source's inputs use
    model_expr: str = ""  # Python building the model in the source file's namespace (verify runs it)


@dataclass
class PivotModel:
    """A whole migration unit: the networks (main last), training and data."""

    networks: dict[str, Network] = field(default_factory=dict)
    main: str = ""
    training: Training | None = None
    datasets: list[Dataset] = field(default_factory=list)
    source: SourceInfo = field(default_factory=SourceInfo)
    input_origins: dict[str, str] = field(default_factory=dict)  # input value -> where its type came from
    notes: list[str] = field(default_factory=list)  # what reading assumed (sizes chosen for verify)
    open_values: dict[str, Any] = field(default_factory=dict)  # size name -> sizes.OpenValue (known at run time)
    # an input's shape computed from data at run time and passed in (``make_model(input_shape=x_train.shape[1:])``):
    # name -> its place (line, col, end line, end col); verify gives the source the shape it verifies with
    shape_arguments: dict[str, tuple] = field(default_factory=dict)
    # the model's class called with the arguments its builder passes (``SqueezeNet(version='1_0')``):
    # what verify builds when the builder itself cannot run (it needs what relative imports give)
    class_expr: str = ""

    @property
    def network(self) -> Network:
        return self.networks[self.main]
