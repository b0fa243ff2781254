"""Layer constructors and layer applications: catalog spelling -> layer object -> graph nodes.

Generic over the catalog: attributes come from ``bind_call``; Keras-only bookkeeping
arguments (name, input_shape, initializers, regularizers) are handled here for every layer.
"""
from __future__ import annotations

import ast
from dataclasses import replace

from ...catalog import registry
from ...catalog.schema import ABSENT
from ...ir.graph import Node
from ...ir.sizes import Size
from ..common import bind_call
from .builds import prepare
from .models import ModelLike
from .tfnames import INPUT_ARGS, KERAS1_ARGS, QUIET_ARGS, RECORDED_SUFFIXES
from .values import (
    Act,
    ArrayValue,
    Component,
    LayerObj,
    LayerSetting,
    Opaque,
    QualName,
    Tensor,
    is_symbolic,
    size_source,
)

_CALL_INPUTS = ("inputs", "query", "value", "key")  # call keywords naming input tensors


class ArgumentError(Exception):
    def __init__(self, expr, why):
        self.expr, self.why = expr, why


class LayersMixin:
    def value_of(self, values, owner: str = ""):
        def get(expr, name):
            value = values[id(expr)]
            size = self.open_size(value, expr, name, owner) if isinstance(value, Opaque) else None
            if size is not None:  # computed when the file runs: a size of that name
                return size
            if is_symbolic(value):
                why = value.why if isinstance(value, Opaque) else "not a constant"
                raise ArgumentError(expr, f"argument {name}={ast.unparse(expr)}: {why}")
            return value
        return get

    def bind_spelling(self, spelling, node, values, skip=0):
        try:
            bound = bind_call(spelling, node, self.value_of(values, spelling.name.rsplit(".", 1)[-1]), skip,
                              error=ArgumentError)
            if "attrs_from_fw" in spelling.hooks:  # meanings that depend on several arguments
                bound.attrs = spelling.hooks["attrs_from_fw"](bound.attrs)
            return bound
        except ArgumentError as exc:
            self.error(exc.expr, exc.why)
            return None

    def make_layer(self, found, qualified, node, values):
        kind, spelling = found
        bound = self.bind_spelling(spelling, node, values)
        short = qualified.rsplit(".", 1)[-1]
        if bound is None:
            return Opaque(None, node, "layer arguments not known statically")
        given_name = _keyword(node, "name", values)
        layer = LayerObj(kind.name, bound.attrs, given_name or self.auto_name(short), self.loc(node))
        if "read_wrapped" in spelling.hooks:
            return self.wrap_layer(layer, spelling, bound, node, values)
        read_as = self.read_as(spelling, bound, values)
        if read_as is False:
            return Opaque(None, node, "untranslatable arguments")
        if read_as:
            layer.kind, layer.attrs = read_as
        self.extra_arguments(layer, spelling, bound, node, values)
        if bound.fused_activation is not None:
            layer.activation = self.activation_of(values[id(bound.fused_activation)], bound.fused_activation)
        return layer

    def extra_arguments(self, layer, spelling, bound, node, values):
        """Arguments the catalog spelling does not map: Keras bookkeeping, recorded, or reported."""
        for name, expr in {**bound.unknown, **bound.operands}.items():
            value = values.get(id(expr))
            if isinstance(value, LayerObj):
                self.error(expr, f"{ast.unparse(node.func)} wrapping {value.kind} is not translated")
            elif name in INPUT_ARGS:
                self.input_argument(layer, name, value, expr)
            elif name == "data_format":
                if value not in (None, "channels_last"):
                    self.error(expr, f"data_format={value!r}: only channels_last Keras code is read")
            elif name.endswith(RECORDED_SUFFIXES):
                self.record_setting(layer, name, value, expr)
            elif name in KERAS1_ARGS:
                self.error(expr, f"{name}= is Keras 1 API; write {KERAS1_ARGS[name]}=")
            elif name not in QUIET_ARGS:
                self.error(expr, f"argument {name}={ast.unparse(expr)} of {ast.unparse(node.func)} is not translated")

    def read_as(self, spelling, bound, values):
        """Arguments the spelling fixes (``Arg.attr`` None) given other values: its hook ``read_as``
        names the kind they make (Keras ``ReLU(6.0)`` is a ReLU6), or says why none does (False,
        reported). None: no such argument or no hook."""
        hook = spelling.hooks.get("read_as")
        fixed = {name: expr for name, expr in bound.unknown.items()
                 if (arg := spelling.arg(name)) is not None and arg.attr is None}
        if hook is None or not fixed:
            return None
        try:
            read = hook({spelling.arg(name).name: values.get(id(expr)) for name, expr in fixed.items()},
                        dict(bound.attrs))
        except ValueError as exc:  # Inexpressible: the catalog says why
            self.error(next(iter(fixed.values())), str(exc))
            return False
        for name in fixed:
            del bound.unknown[name]
        return read

    def wrap_layer(self, layer, spelling, bound, node, values):
        """A wrapper (Bidirectional) is read as the layer it wraps, changed by the spelling's hook."""
        given = {name: expr for name, expr in {**bound.unknown, **bound.operands}.items() if name not in QUIET_ARGS}
        inner_expr = given.pop("layer", None) or given.pop("cell", None)  # Bidirectional(layer) / RNN(cell)
        for name in [n for n in given if n in INPUT_ARGS]:  # Bidirectional(LSTM(8), input_shape=(T, C))
            expr = given.pop(name)
            self.input_argument(layer, name, values.get(id(expr)), expr)
        inner = values.get(id(inner_expr))
        if not isinstance(inner, LayerObj):
            self.error(node, f"{ast.unparse(node.func)} wraps {ast.unparse(inner_expr) if inner_expr else 'nothing'}, "
                             "not a layer nnport reads")
            return Opaque(None, node, "wrapper of an unknown layer")
        try:
            layer.kind, layer.attrs, layer.merge = spelling.hooks["read_wrapped"](
                {name: values.get(id(expr)) for name, expr in given.items()}, inner.kind, dict(inner.attrs))
        except ValueError as exc:  # Inexpressible: the catalog says why
            self.error(next(iter(given.values()), node), str(exc))
            return Opaque(None, node, "untranslatable wrapper")
        layer.activation, layer.input_dtype = inner.activation, inner.input_dtype
        layer.input_shape = layer.input_shape or inner.input_shape
        return layer

    def input_argument(self, layer, name, value, expr):
        self.dataset_argument(f"{layer.name}_{name}", value, expr)
        opened = self.open_size(value, expr, name, layer.name) if name == "input_dim" else \
            self.open_shape(value, expr, layer.name) if name in ("input_shape", "batch_input_shape") else None
        value = opened if opened is not None else value
        if name == "input_dim" and isinstance(value, (int, Size)):
            layer.input_shape = (value,)
        elif name in ("input_shape", "batch_input_shape") and isinstance(value, (list, tuple)):
            shape = tuple(value) if name == "input_shape" else tuple(value)[1:]
            if all(isinstance(d, (int, Size, type(None))) for d in shape):
                layer.input_shape = shape
            else:  # X.shape[1]: data loaded at run time (as for keras.Input)
                self.warning(expr, f"{name}={ast.unparse(expr)}: the shape depends on data loaded at run time; "
                                   "the layers reading this input give its rank and the sizes they state "
                                   "(give --input-shape to set them)")
        elif name not in ("batch_size", "input_length"):
            self.error(expr, f"{name}={ast.unparse(expr)} is not a static shape")

    def record_setting(self, layer, name, value, expr):
        """Initializers, regularizers and constraints are kept as attributes (reported once)."""
        if value is None:
            return
        if isinstance(value, LayerSetting):
            layer.attrs[name] = {"kind": value.kind, **value.attrs}
        elif isinstance(value, str):
            layer.attrs[name] = value
        elif isinstance(value, QualName):
            layer.attrs[name] = value.name.rsplit(".", 1)[-1]
        else:
            self.error(expr, f"{name}={ast.unparse(expr)} is not translated")
            return
        if name.endswith(("_regularizer", "_constraint")):
            self.warning(expr, f"{name}={ast.unparse(expr)} is kept as an attribute of {layer.name!r}; "
                               "targets without per-layer penalties need it in the loss or optimizer")
        else:  # the same network: only the weights training starts from differ
            self.warning(expr, f"{name}={ast.unparse(expr)} is kept as an attribute of {layer.name!r}; the "
                               "migrated PyTorch code starts from PyTorch's default initialisation")

    def make_activation_layer(self, node, values):
        expr = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "activation"), None)
        act = self.activation_of(values[id(expr)], expr) if expr is not None else None
        kind, attrs = (act.kind, act.attrs) if act else ("identity", {})
        name = _keyword(node, "name", values) or self.auto_name("Activation")
        return LayerObj(kind, dict(attrs), name, self.loc(node))

    def activation_of(self, value, expr) -> Act | None:
        """Strings, keras.activations.x, tf.nn.x, activation layer objects; else kept for run time."""
        if value is None:
            return None
        if isinstance(value, Act):
            return value
        found = None
        if isinstance(value, str):
            found = registry.lookup("keras", "activation", value)
        elif isinstance(value, QualName):
            from .tfnames import TF_TWINS
            name = TF_TWINS.get(value.name, (value.name,))[0]
            found = registry.lookup("keras", "function", name)
        elif isinstance(value, LayerObj) and registry.kind(value.kind).family == "activation":
            return Act(value.kind, dict(value.attrs))
        elif isinstance(value, (Opaque, Size)):  # kept for run time (a parameter of the file's class)
            return Act("dynamic_activation", {"expr": value.text})
        if found is None or found[0].family != "activation":
            self.error(expr, f"activation {ast.unparse(expr)} is not one nnport translates")
            return None
        kind, spelling = found
        if kind.name == "identity":
            return None
        attrs = {a.attr: a.from_fw(a.default) for a in spelling.args if a.attr and a.default is not ABSENT}
        return Act(kind.name, attrs)

    def function_op(self, found, node, values, hint):
        kind, spelling = found
        if kind.sizes_only and "read_sized" in spelling.hooks:
            return self.sized_op(kind, spelling, node, values, hint)
        bound = self.bind_spelling(spelling, node, values)
        if bound is None:
            return Opaque(None, node)
        read_as = self.read_as(spelling, bound, values)
        if read_as is False:
            return Opaque(None, node, "untranslatable arguments")
        kind, bound.attrs = (registry.kind(read_as[0]), read_as[1]) if read_as else (kind, bound.attrs)
        for name, expr in bound.unknown.items():
            self.error(expr, f"argument {name}= of {ast.unparse(node.func)} is not translated")
        operands = []
        for expr in bound.operands.values():
            value = values[id(expr)]
            operands.extend(value if isinstance(value, (list, tuple)) else [value])
        if not any(isinstance(o, Tensor) for o in operands):
            return Opaque(None, node, "a tensor function applied to no tensor", failed=self.consequence(*operands))
        return self.tensor_op(kind.name, operands, bound.attrs, node, hint)

    def sized_op(self, kind, spelling, node, values, hint):
        """``ops.arange(ops.shape(x)[1])``: an op reading a tensor's sizes, not its values; the
        spelling's ``read_sized`` hook says which tensor and axis (known or not statically)."""
        plain = self.value_of(values, spelling.name.rsplit(".", 1)[-1])
        try:
            bound = bind_call(spelling, node, lambda expr, name: values[id(expr)] if size_source(values[id(expr)])
                              else plain(expr, name), error=ArgumentError, symbolic=size_source)
        except ArgumentError as exc:
            self.error(exc.expr, exc.why)
            return Opaque(None, node, "arguments not known statically", failed=True)
        for name, expr in {**bound.unknown, **bound.operands}.items():
            self.error(expr, f"argument {name}= of {ast.unparse(node.func)} is not translated")
        found = spelling.hooks["read_sized"](bound.attrs, None)
        if found is None:
            self.error(node, f"{ast.unparse(node)}: {kind.doc}; translated where a size of a tensor of the model "
                             "gives its length (keras.ops.shape(x)[1]), not a number")
            return Opaque(None, node, "sizes of no tensor", failed=True)
        return self.tensor_op(found[0], [found[2]], found[1], node, hint)

    def component(self, found, node, values):
        """A training component (optimizer, loss, metric, callback, schedule). One that cannot be
        read is left out of the training code, with warnings: the model is still read."""
        start = len(self.reporter.diagnostics)
        made = self._component(found, node, values)
        problems = self.reporter.diagnostics[start:]
        if not any(d.severity == "error" for d in problems):
            return made
        self.reporter.diagnostics[start:] = [
            replace(d, severity="warning", message=f"{d.message}; {found[0].name} is left out of the training code")
            if d.severity == "error" else d for d in problems]
        return Opaque(None, node, f"{found[0].name} with arguments not read")

    def _component(self, found, node, values):
        kind, spelling = found
        node, schedule = _without_schedule(node, values)
        bound = self.bind_spelling(spelling, node, values)
        if bound is None:
            return Opaque(None, node)
        if schedule is not None:  # Adam(learning_rate=ExponentialDecay(...)): the rate follows the schedule
            bound.attrs["schedule"] = schedule
        for name, expr in {**bound.unknown, **bound.operands}.items():
            value = values.get(id(expr))
            if isinstance(value, Component):  # a schedule given as the learning rate
                bound.attrs.setdefault("schedule", value)
            elif name == "decay" and kind.family == "optimizer" and isinstance(value, (int, float)):
                self.keras2_decay(bound.attrs, value, expr)
            elif name not in ("name", "verbose") and not isinstance(value, (Tensor,)):
                hint = f"; Keras 1/2 spelling, write {KERAS1_ARGS[name]}=" if name in KERAS1_ARGS else ""
                self.error(expr, f"argument {name}={ast.unparse(expr)} of {kind.name} is not translated{hint}")
        return Component(kind.name, kind.family, bound.attrs, self.loc(node))

    # --- applying layers and models to tensors --------------------------------------------

    def apply(self, callee, node, values, hint):
        args = [values[id(a)] for a in node.args]
        for k in node.keywords:
            if k.arg in _CALL_INPUTS:
                args.append(values[id(k.value)])
            elif k.arg != "training" and values[id(k.value)] is not None:
                self.error(k.value, f"{k.arg}={ast.unparse(k.value)} in the call of {getattr(callee, 'name', '?')!r} "
                                    "is not translated (the pivot model has no slot for it)")
        tensors = [t for a in args for t in (a if isinstance(a, (list, tuple)) else [a]) if isinstance(t, Tensor)]
        if not tensors and self.consequence(*args):
            return Opaque(None, node, "follows an error reported", failed=True)
        if not tensors:
            if isinstance(callee, ModelLike) and args and all(isinstance(a, ArrayValue) for a in args):
                callee.input_shapes = [a.shape for a in args]  # a dummy call gives the input shape
                callee.input_dtypes = [a.dtype for a in args]
            elif not isinstance(callee, ModelLike):
                self.error(node, f"layer {callee.name!r} is applied to {ast.unparse(node)}, not to a tensor")
            return Opaque(None, node, "a model run on data")
        trace = tensors[0].trace
        if isinstance(callee, LayerObj):
            return self.apply_layer(callee, trace, tensors, node, hint)
        return self.apply_model(callee, trace, tensors, node, hint)

    def apply_layer(self, layer: LayerObj, trace, tensors, node, hint):
        name = trace.module_name(layer, layer.name)
        kind = registry.kind(layer.kind)
        returned = self.returned_outputs(kind, layer, node)
        used = {o for o, _ in returned}
        result = hint if layer.activation is None else name
        outputs = [trace.fresh(result if o == returned[0][0] else f"{result}_{o}") if o in used else ""
                   for o in kind.outputs]
        spelling = kind.spelling("keras", "layer")
        if spelling is not None and "inputs_from_fw" in spelling.hooks:  # Keras attention: (query, value, key)
            try:
                tensors = spelling.hooks["inputs_from_fw"](tensors)
            except ValueError as exc:  # Inexpressible: the catalog says why
                self.error(node, f"{layer.name!r}: {exc}")
                return Opaque(None, node, str(exc), failed=True)
        made_all = trace.add(Node("call_module", name, [t.value for t in tensors], outputs, loc=self.loc(node)))
        by_output = dict(zip(kind.outputs, made_all))
        numbered = any(index for _, index in returned)  # two directions: h_0, h_1
        made = [by_output[o] if index is None else self.state_of(by_output[o], index, numbered, trace, node)
                for o, index in returned]
        if layer.merge is not None:
            made[:1] = self.merge_results(layer.merge, made[0], node, hint)
        if layer.activation is not None:
            act = layer.activation
            value = trace.fresh(hint if hint != name else f"{name}_{act.kind}")
            made[0] = trace.add(Node("call_op", act.kind, [made[0].value], [value], dict(act.attrs),
                                     self.loc(node)))[0]
        return made[0] if len(made) == 1 else tuple(made)

    def returned_outputs(self, kind, layer, node) -> list[tuple[str, int | None]]:
        """What the Keras call returns, in order: (kind output, None) or (kind output, index along
        its first axis) for one direction's state (the hook ``returned_outputs`` of the spelling)."""
        spelling = kind.spelling("keras", "layer")
        hook = spelling.hooks.get("returned_outputs") if spelling else None
        if hook is not None:
            return list(hook(layer.attrs))
        if len(kind.outputs) > 1:
            self.error(node, f"{layer.kind}: the catalog does not say which outputs the Keras call returns")
        return [(kind.outputs[0], None)]

    def merge_results(self, merge: dict, out: Tensor, node, hint) -> list[Tensor]:
        """The ops a wrapper's hook lists after the layer (Bidirectional merge_mode='sum' ...)."""
        named = {"out": out}
        for name, kind, attrs, inputs in merge["ops"]:
            operands = [named[i] if isinstance(i, str) else i for i in inputs]
            named[name] = self.tensor_op(kind, operands, dict(attrs), node, f"{hint}_{name}")
        return [named[name] for name in merge["results"]]

    def state_of(self, states: Tensor, index: int, numbered: bool, trace, node) -> Tensor:
        """One entry of a (layers * directions, N, H) state: what Keras returns as a state."""
        base = states.value.removesuffix("_n")
        value = trace.fresh(f"{base}_{index}" if numbered else base)
        return trace.add(Node("call_op", "getitem", [states.value], [value], {"index": (index,)}, self.loc(node)))[0]

    def apply_model(self, model: ModelLike, trace, tensors, node, hint):
        if model.network is None:  # its first call: its input shapes, and a Layer subclass's build()
            prepare(self, model, trace, tensors)
        network = self.network_of(model)
        if network is None:  # its errors are reported; no module may refer to a network not read
            if model.network == "(building)":
                self.error(node, f"{model.name!r} is applied inside its own computation")
            return Opaque(None, node, f"{model.name!r} could not be read", failed=True)
        name = trace.module_name(model, model.name)
        count = len(self.networks[network].graph.output.inputs) if network else 1
        outputs = [trace.fresh(hint) for _ in range(count)]
        made = trace.add(Node("call_module", name, [t.value for t in tensors], outputs, loc=self.loc(node)))
        return made[0] if count == 1 else tuple(made)


def _without_schedule(node: ast.Call, values):
    """The call without a learning-rate schedule object given as an argument (keyword, or the last
    positional), and that schedule (None when there is none)."""
    def schedule(expr):
        value = values.get(id(expr))
        return value if isinstance(value, Component) and value.family == "schedule" else None
    found = next((schedule(k.value) for k in node.keywords if schedule(k.value)), None)
    if found is not None:
        keywords = [k for k in node.keywords if schedule(k.value) is None]
        return ast.copy_location(ast.Call(node.func, node.args, keywords), node), found
    if node.args and schedule(node.args[-1]) is not None:
        return ast.copy_location(ast.Call(node.func, node.args[:-1], node.keywords), node), schedule(node.args[-1])
    return node, None


def _keyword(node, name, values):
    for k in node.keywords:
        if k.arg == name and isinstance(values.get(id(k.value)), str):
            return values[id(k.value)]
    return None
