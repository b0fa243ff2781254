"""What Keras knows when it first calls a layer or model: the shapes of its inputs.

A model or ``layers.Layer`` subclass applied for the first time takes the input shapes that shape
inference gives the tensors it is applied to (so a block inside a Sequential or a subclass knows
its input), and a Layer subclass's ``build(self, input_shape)`` runs then, as in Keras: the
layers it creates there (``self.pool = ...``, a projection shortcut when the channels change)
are part of the block.
"""
from __future__ import annotations

import ast
import copy

from ...errors import Reporter
from ...ir.graph import Network, PivotModel, SourceInfo
from ...ir.types import TensorType
from ...passes.shapes import infer_network
from ...passes.symbolic import assume_input_types
from ..common import limits
from .models import Instance, ModelLike
from .statements import Return
from .trace import Trace, extract, reached_inputs
from .values import AxisSize, Opaque, Tensor


def prepare(reader, model: ModelLike, trace: Trace, tensors: list[Tensor]) -> None:
    """Before ``model``'s network is read for its first call on ``tensors``."""
    types = [known_type(reader, trace, t) for t in tensors]
    if model.input_shapes is None and types and all(t is not None for t in types):
        model.input_shapes = [t.shape for t in types]
        model.input_dtypes = [t.dtype for t in types]
    if isinstance(model, Instance):
        run_build(reader, model, types)


def run_build(reader, model: Instance, types: list[TensorType | None]) -> None:
    found = reader.method_of(model.cls, "build")
    if found is None:
        return
    fn, cls = found
    unknown = f"the input shape of {model.name!r} ({cls.node.name}.build) is not known statically here; " \
              "give the input shape (--input-shape)"
    shapes = [_sizes(t.shape, fn, unknown) if t is not None else Opaque(None, fn, unknown) for t in types]
    shape = shapes[0] if len(shapes) == 1 else shapes  # Keras passes one shape per input
    env = cls.env.child()
    reader.bind_parameters(fn, None, {}, env, skip=2, first=(model, shape))
    reader.forward += 1  # read as strictly as call(): a branch it cannot decide is an error, never skipped
    with limits.nested(fn, f"{cls.node.name}.build()"):
        try:
            reader.run_block(fn.body, env)
        except Return:
            pass
        finally:
            reader.forward -= 1


def static_shape(reader, tensor, node) -> tuple | Opaque:
    """``ops.shape(x)``: per axis the size shape inference gives ``x`` where it is read, or an
    unknown value saying which axis is known only at run time (the batch size)."""
    text = ast.unparse(node.args[0]) if node.args else "?"
    if not isinstance(tensor, Tensor):
        return Opaque(None, node, f"the shape of {text}, not a tensor of the model")
    found = known_type(reader, tensor.trace, tensor)
    if found is None:
        return Opaque(None, node, f"the shape of {text} is not known statically here (give --input-shape)")
    return tuple(Opaque(None, node, f"axis {i} of {text} ({found.roles[i]}) is known only at run time",
                        size_of=(tensor, i, found.rank)) if size is None else AxisSize(size, tensor, i, found.rank)
                 for i, size in enumerate(found.shape))


def _sizes(shape: tuple, fn, why: str) -> tuple:
    """Sizes no input states are not constants: a decision on one is refused, never taken on None."""
    return tuple(Opaque(None, fn, why) if size is None else size for size in shape)


def known_type(reader, trace: Trace, tensor: Tensor) -> TensorType | None:
    """The type shape inference gives ``tensor`` from the types of the inputs it depends on (None
    when one has none, or inference cannot tell); nothing read so far is changed."""
    if trace.types.get(tensor.value) is not None:
        return trace.types[tensor.value]
    inputs = [Tensor(n.outputs[0], trace) for n in reached_inputs(trace, [tensor])]
    if not inputs:
        return None
    graph, callees = extract(trace, inputs, [tensor], None)
    probe = Network("(probe)", reader.modules(callees), copy.deepcopy(graph))
    networks = copy.deepcopy(reader.networks)
    networks[probe.name] = probe
    model = PivotModel(networks=networks, main=probe.name, source=SourceInfo(reader.path, "keras", layout="channels_last"))
    try:  # an input the source leaves unshaped: its rank and the sizes its readers state (passes/symbolic.py)
        assume_input_types(model, lambda m, r: infer_network(m, m.network, r))
        infer_network(model, probe, Reporter())
    except Exception:  # noqa: BLE001 - a probe only: the real pass reports what fails
        return None
    return probe.graph.types.get(tensor.value)
