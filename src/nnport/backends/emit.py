"""The generic engine: one network of the (legalised, layout-planned) pivot model -> code parts.

Nothing here knows a layer by name: constructors and calls come from catalog spellings; the
framework differences come from the dialect. The result feeds a Jinja skeleton.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..catalog import registry
from ..catalog.schema import Kind, Spelling
from ..errors import NnportError, Reporter
from ..ir.graph import Module, Network, Node, PivotModel
from ..ir.sizes import OpenSize
from ..ir.types import TensorType
from ..passes.layout import oriented
from .dialects import TORCH_LAZY, Dialect
from .generic import call_text
from .naming import Namespace
from .runtime import DYNAMIC_ACTIVATION, dynamic_activation
from .sizes import call_arguments, refuse_in_forward
from .spell import INFIX, Imports, arguments, framework_values, literal, local_name, tensor_slots
from .unwritten import Reads, changes_forward, describe, hook_reads, unwritten


@dataclass
class NetCode:
    """Render context of one generated network."""

    name: str
    class_name: str
    style: str
    layers: list[tuple[str, str]] = field(default_factory=list)  # subclassing: attribute, constructor
    items: list[str] = field(default_factory=list)  # sequential: constructors in order
    params: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    returns: str = ""
    paths: dict[str, str] = field(default_factory=dict)  # IR module name -> generated path
    display_name: str = ""
    sizes: list[str] = field(default_factory=list)  # open sizes its constructor takes (backends/sizes.py)
    base_class: str = ""  # its own base class where not the dialect's (a nested Keras network: a Layer)
    signature: list[str] = field(default_factory=list)  # the source class's parameters it keeps (generic.py)
    arguments: str = ""  # this instance's values of them

    @property
    def model_expr(self) -> str:
        name = f"build_{self.display_name}" if self.style == "functional" else self.class_name
        return f"{name}({', '.join(p for p in [call_arguments(self.sizes), self.arguments] if p)})"


class Emitter:
    """Shared state of one generated file: imports, helpers, the code of networks already written."""

    def __init__(self, model: PivotModel, dialect: Dialect, reporter: Reporter, allow_partial: bool):
        self.model, self.dialect, self.reporter, self.allow_partial = model, dialect, reporter, allow_partial
        self.imports = Imports()
        self.helpers: list[str] = []
        self.codes: dict[str, NetCode] = {}
        self._first_calls: dict[str, dict[str, Node]] = {}  # per network: module name -> its first call
        self.in_place: dict[str, dict[str, list]] = {}  # per network: layer -> in-place arguments (fold.py)
        self.states: dict[int, str] = {}  # id(op node) -> the attribute holding its state (a seed generator)
        self.generic = None  # generic.Generic: the classes written with their parameters

    # --- layer constructors ---------------------------------------------------------------
    def constructor(self, net: Network, module: Module, keras_name: str | None = None,
                    fused: str | None = None) -> str | None:
        """The expression building ``module``, or None when the target spells it as a function.

        A spelling hook ``stack_to_fw(attrs)`` splits one source layer into several target
        layers (a stacked RNN, one Keras layer per PyTorch layer); ``wrap_to_fw(attrs)`` names
        a wrapper class (Bidirectional)."""
        if module.kind == "network":
            return self._network_object(module, keras_name)
        kind = registry.kind(module.kind)
        spelling = kind.spelling(self.dialect.target, "layer")
        if spelling is None:
            return None
        node = self._first_call(net, module.name)
        seen = Reads(module.attrs)
        parts = self._parts(kind, spelling, seen)
        self._report_unwritten(kind, spelling, module, parts, seen.read)
        extra = [(spelling.fused_activation, literal(fused))] if fused else []
        extra += self.in_place_args(net, node)
        if len(parts) > 1:
            texts = [self._one_layer(net, node, module, k, s, attrs, extra if i == len(parts) - 1 else [])
                     for i, (k, s, attrs) in enumerate(parts)]
            return self.dialect.sequential_expr(texts, keras_name)
        named = f"name={keras_name!r}" if keras_name is not None else None
        return self._one_layer(net, node, module, kind, spelling, parts[0][2], extra, named)

    def in_place_args(self, net: Network, node: Node | None) -> list[tuple[str, str]]:
        return self.in_place.get(net.name, {}).get(node.outputs[0], []) if node and node.outputs else []

    def _parts(self, kind: Kind, spelling: Spelling, attrs: dict) -> list[tuple[Kind, Spelling, dict]]:
        """The target layers one source layer becomes: ``stack_to_fw`` repeats the kind,
        ``parts_to_fw`` names other kinds (a separable conv: depthwise, then pointwise)."""
        if "parts_to_fw" in spelling.hooks:
            kinds = [(registry.kind(name), a) for name, a in spelling.hooks["parts_to_fw"](attrs)]
            return [(k, k.spelling(self.dialect.target, "layer"), a) for k, a in kinds]
        stack = spelling.hooks.get("stack_to_fw")
        return [(kind, spelling, a) for a in (stack(attrs) if stack else [attrs])]

    def _report_unwritten(self, kind: Kind, spelling: Spelling, where, parts, read: set[str], attrs=None) -> None:
        """What neither an argument nor a hook of the target writes is said, never dropped silently."""
        wraps = [(s.hooks["wrap_to_fw"], a) for _, s, a in parts if "wrap_to_fw" in s.hooks]
        attrs = where.attrs if attrs is None else attrs
        dropped = unwritten(kind, spelling, attrs, read.union(*(hook_reads(w, a) for w, a in wraps)))
        message = describe(kind, getattr(where, "name", kind.name), spelling, dropped) if dropped else None
        if message and changes_forward(kind, dropped) and not self.allow_partial:
            raise NnportError(f"{message}, which is not the source's network; --allow-partial writes it "
                              "nevertheless", where.loc)
        if message and all(d.message != message for d in self.reporter.diagnostics):
            self.reporter.warning(message, where.loc)

    def _first_call(self, net: Network, module_name: str) -> Node | None:
        """Indexed once per network: a scan per layer made long networks quadratic."""
        if net.name not in self._first_calls:
            calls: dict[str, Node] = {}
            for n in net.graph.nodes:
                if n.op == "call_module":
                    calls.setdefault(n.target, n)
            self._first_calls[net.name] = calls
        return self._first_calls[net.name].get(module_name)

    def _one_layer(self, net, node, module, kind, spelling, attrs, extra, named=None) -> str:
        name = self._lazy(kind, spelling, module) if _missing_inferred(kind, attrs) else spelling.name
        values = self.values(kind, spelling, attrs, net, node, module)
        if name != spelling.name:  # a lazy class: the inferred arguments disappear from its signature
            values = [(a, v) for a, v in values if not _inferred_arg(kind, spelling, a)]
            spelling = replace(spelling, positional=tuple(p for p in spelling.positional
                                                          if not _inferred_arg(kind, spelling, p)))
        text = arguments(spelling, values)
        wrap = spelling.hooks.get("wrap_to_fw")
        wrapper = wrap(attrs) if wrap else None
        inner = [f"{k}={v}" for k, v in extra] + ([named] if named and not wrapper else [])
        written = self._helper_class(spelling) or local_name(name, self.imports)
        call = f"{written}({', '.join(p for p in [text, *inner] if p)})"
        if wrapper:
            call = f"{local_name(wrapper, self.imports)}({', '.join([call, named] if named else [call])})"
        return call

    def _network_object(self, module: Module, keras_name: str | None) -> str:
        code = self.codes[module.attrs["network"]]
        if code.style == "sequential" and code.class_name == "":
            return self.dialect.sequential_expr(code.items, keras_name)
        named = f"name={keras_name!r}" if keras_name and self.dialect.target == "keras" else ""
        net = self.model.networks[module.attrs["network"]]
        given = call_text(net, module.attrs["arguments"], bool(code.sizes)) if "arguments" in module.attrs else ""
        return f"{code.class_name}({', '.join(p for p in [call_arguments(code.sizes), given, named] if p)})"

    def _lazy(self, kind: Kind, spelling: Spelling, module: Module) -> str:
        prefix, _, cls = spelling.name.rpartition(".")
        if self.dialect.target != "torch" or cls not in TORCH_LAZY:
            missing = ", ".join(a.name for a in kind.attrs if a.inferred and module.attrs.get(a.name) is None)
            raise NnportError(f"{kind.name} {module.name!r}: {missing} unknown; give the input shape "
                              f"(--input-shape)", module.loc)
        self.reporter.warning(f"{kind.name} {module.name!r}: input size unknown, written as the lazy "
                              f"nn.Lazy{cls} (it infers the size on the first call)", module.loc)
        return f"{prefix}.Lazy{cls}"

    def values(self, kind, spelling, attrs, net, node, where):
        if isinstance(where, Node):
            refuse_in_forward(kind.name, where, attrs)
        axis_of = _axis_function(net, node, self.dialect.target) or _no_axes(kind, where)
        try:
            written = framework_values(kind, spelling, attrs, axis_of)
        except OpenSize:
            raise
        except ValueError as exc:
            raise NnportError(f"{kind.name} {getattr(where, 'name', kind.name)!r}: cannot write "
                              f"{spelling.name}: {exc}", where.loc) from None
        if self.generic is not None:
            self.generic.check_written(net.name, kind, spelling, attrs, written, isinstance(where, Node))
        return written

    # --- function calls -------------------------------------------------------------------
    def function_call(self, net: Network, node: Node, kind: Kind, attrs: dict, args: list[str], where) -> str:
        spelling = _function_spelling(kind, self.dialect.target)
        if spelling is None:
            return self.unsupported(kind, where, "has no function or layer")
        if "state_to_fw" in spelling.hooks and id(node) not in self.states:
            return self.unsupported(kind, where, "draws from a seed generator the model owns, which only the "
                                                 "subclassing style declares (--style subclassing)")
        if "expression" in spelling.hooks:  # an inline expression, e.g. x * scale + offset
            refuse_in_forward(kind.name, where, attrs)  # written in forward: constructor parameters are not in scope
            state = {"state": self.states[id(node)]} if id(node) in self.states else {}
            self._report_unwritten(kind, spelling, where, [], hook_reads(spelling.hooks["expression"], attrs, *args),
                                   attrs)
            text = spelling.hooks["expression"](attrs, *args, **state)
            helper = spelling.hooks.get("helper_to_fw")
            if helper is not None:  # a function the expression calls, written next to the model once
                self._add_helper(*helper(lambda dotted: local_name(dotted, self.imports)))
            if local_name(spelling.name, Imports()) == spelling.name and f"{spelling.name}(" in text:
                local_name(spelling.name, self.imports)  # it calls its function by its full name: import it
            return text
        if spelling.name in INFIX:
            return f" {INFIX[spelling.name]} ".join(args)
        if spelling.name.startswith("nnport."):
            return self.runtime_call(kind, spelling, attrs, args, where)
        self._report_unwritten(kind, spelling, where, [], set(), attrs)
        if self.allow_partial and _missing_inferred(kind, attrs):  # no input type reached it
            missing = ", ".join(a.name for a in kind.attrs if a.inferred and attrs.get(a.name) is None)
            return self.unsupported(kind, where, f"has {missing} unknown (no input type reaches it)")
        values = self.values(kind, spelling, attrs, net, node, where)
        if spelling.form == "method":
            return f"{args[0]}.{spelling.name.rpartition('.')[2]}({arguments(spelling, values)})"
        tensors = args if tensor_slots(spelling) >= len(args) and not _takes_list(kind, spelling) \
            else ["[" + ", ".join(args) + "]"]
        return f"{local_name(spelling.name, self.imports)}({arguments(spelling, values, tensors)})"

    def runtime_call(self, kind: Kind, spelling: Spelling, attrs: dict, args: list[str], where) -> str:
        """A call of a helper written into the generated file (the code never imports nnport)."""
        helper = RUNTIME.get(spelling.name.partition(".")[2])
        if helper is None:
            return self.unsupported(kind, where, "needs a run-time helper that is not available")
        name, text = helper
        self._add_helper(name, text(self.dialect.target, self.imports))
        return f"{name}({attrs['expr']})({', '.join(args)})"

    def _add_helper(self, name: str, text: str) -> None:
        if not any(h.startswith((f"def {name}(", f"class {name}(")) for h in self.helpers):
            self.helpers.append(text)

    def _helper_class(self, spelling: Spelling) -> str | None:
        """A layer spelling naming a class written next to the model (``helper_to_fw``): its name."""
        helper = spelling.hooks.get("helper_to_fw") if spelling.form == "layer" else None
        if helper is None:
            return None
        name, text = helper(lambda dotted: local_name(dotted, self.imports))
        self._add_helper(name, text)
        return name

    def declare_states(self, net: Network, attributes: Namespace, code: NetCode) -> None:
        """Ops whose target spelling draws from a state the model owns (``state_to_fw``: a Keras
        seed generator) get an attribute holding it, declared with the layers."""
        declared: dict[tuple, str] = {}  # one generator serves every draw it can (its state advances)
        for node in (n for n in net.graph.nodes if n.op == "call_op"):
            spelling = _function_spelling(registry.kind(node.target), self.dialect.target)
            hook = spelling.hooks.get("state_to_fw") if spelling else None
            if hook is None:
                continue
            hint, cls, args = hook(node.attrs)
            if (cls, args) not in declared:
                declared[cls, args] = f"self.{attributes.allocate(hint)}"
                code.layers.append((declared[cls, args][5:], f"{local_name(cls, self.imports)}({args})"))
            self.states[id(node)] = declared[cls, args]

    def layer_for_op(self, net: Network, node: Node, keras_name: str | None = None) -> str | None:
        """A constructor for an op the target only spells as a layer (Keras Flatten), else None."""
        kind = registry.kind(node.target)
        if _function_spelling(kind, self.dialect.target) is not None:
            return None
        spelling = kind.spelling(self.dialect.target, "layer")
        if spelling is None:
            return None
        values = self.values(kind, spelling, node.attrs, net, node, node)
        named = [f"name={keras_name!r}"] if keras_name else []
        text = ", ".join(p for p in [arguments(spelling, values), *named] if p)
        return f"{local_name(spelling.name, self.imports)}({text})"

    def function_as_layers(self, kind: Kind, attrs: dict, x: TensorType | None) -> list[str] | None:
        """The layers a function spelling's ``layers_to_fw(attrs)`` hook names, for a sequential
        container (no place for an expression there; better than wrapping it in a Lambda). None
        when one of them needs the channel axis where the input ``x`` does not hold it."""
        spelling = _function_spelling(kind, self.dialect.target)
        hook = spelling.hooks.get("layers_to_fw") if spelling else None
        if hook is None or x is None:
            return None
        layers = []
        for name, part_attrs in hook(attrs):
            part = registry.kind(name)
            layer = part.spelling(self.dialect.target, "layer")
            if layer.layout and oriented(x.roles, layer.layout) != x.roles:
                return None
            values = framework_values(part, layer, part_attrs, None)
            layers.append(f"{local_name(layer.name, self.imports)}({arguments(layer, values)})")
        return layers

    def unsupported(self, kind: Kind, where, why: str) -> str:
        message = f"{kind.name} {getattr(where, 'name', '')!r} {why} in {self.dialect.target}"
        if not self.allow_partial:
            raise NnportError(message.replace("  ", " "), where.loc)
        self.reporter.warning(f"{message}; a placeholder raising NotImplementedError was written", where.loc)
        self.helpers.append(_PLACEHOLDER) if _PLACEHOLDER not in self.helpers else None
        return f"_untranslated({(kind.name + ': ' + why)!r})"


# spelling "nnport.<key>" -> (helper function name, writer of its text)
RUNTIME = {"dynamic_activation": (DYNAMIC_ACTIVATION, dynamic_activation)}

_PLACEHOLDER = '''def _untranslated(what):
    raise NotImplementedError("nnport: " + what)
'''


def _function_spelling(kind: Kind, target: str) -> Spelling | None:
    return next((s for s in kind.spellings if s.framework == target and s.form in ("function", "method")), None)




def _axis_function(net: Network, node: Node | None, target: str):
    """Role -> integer axis of the node's (physical) input; Keras counts the last axis as -1."""
    if node is None or not node.inputs or node.inputs[0] not in net.graph.types:
        return None
    roles = net.graph.types[node.inputs[0]].roles

    def axis_of(role, negative_ok=True):
        index = roles.index(role)
        last = negative_ok and index == len(roles) - 1 and len(roles) > 1
        return -1 if target == "keras" and last else index
    return axis_of


def _takes_list(kind: Kind, spelling: Spelling) -> bool:
    """A merge function with one tensor parameter takes the list of tensors, even a list of one
    (``ops.stack([h], axis=0)``; ``ops.stack(h)`` would stack the rows of ``h``)."""
    return kind.family == "merge" and tensor_slots(spelling) == 1


def _no_axes(kind: Kind, where):
    """An axis named by role where the input's order is unknown: refused, never guessed."""
    def axis_of(role, negative_ok=True):
        raise NnportError(f"{kind.name} {getattr(where, 'name', kind.name)!r}: the order of its input's axes is "
                          f"unknown, so axis {role!r} has no number; give --input-shape", where.loc)
    return axis_of


def _missing_inferred(kind: Kind, attrs: dict) -> bool:
    return any(a.inferred and attrs.get(a.name) is None for a in kind.attrs)


def _inferred_arg(kind: Kind, spelling: Spelling, arg_name: str) -> bool:
    arg = spelling.arg(arg_name)
    return arg is not None and arg.attr is not None and any(a.name == arg.attr and a.inferred for a in kind.attrs)
