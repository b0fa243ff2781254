"""The declarative shape of a catalog entry.

One ``Kind`` per layer kind or tensor op. It holds the canonical attributes, the shape
rule, the canonical weight shapes, and a ``Spelling`` per way a framework writes it.
Frontends read spellings, backends write them, the weight converter follows their
``Param`` list: none of those engines knows a layer by name.

Canonical conventions (both frontends produce them, both backends consume them):
  * tuples per spatial axis (``kernel_size=(3, 3)``), outer axis first;
  * ``padding``: ``"valid"``, ``"same"`` or per-axis ``((before, after), ...)``; shape
    inference turns ``"same"`` into pairs once input sizes are known;
  * axis attributes (type ``axis`` / ``axes``) hold roles (``"C"``, ``"T"``, ...) once shape
    inference ran; frontends may store the source framework's int, which that pass converts;
  * BatchNorm ``momentum`` is PyTorch's (weight of the new batch statistic);
  * activations are their own nodes; a fused Keras ``activation=`` is unfused by the frontend;
  * weights use PyTorch's layout and names (``weight`` (out, in), ``bias``, ``running_mean``...).
  * ``Arg.to_fw`` of an axis attribute receives integer positions in the layout written.

Named hooks (``Spelling.hooks``) used by the catalog entries:
  * ``params_to_fw(canonical, attrs)`` / ``params_from_fw(framework, attrs)``: weights that do
    not map one-to-one; framework dict keyed by torch state_dict name, or by Keras sub-layer
    path ("" the layer itself, "0", "1"... one Keras layer per PyTorch layer) -> get_weights() list;
  * ``refuse(attrs) -> str | None``, ``rewrite(attrs, inputs) -> {"kind", "attrs", "before"}``,
    ``inexpressible(attrs, inputs)``: legalisation for the target (see passes/legalize.py);
  * ``stack_to_fw(attrs) -> [attrs]``: one single-layer attribute set per Keras layer (RNN);
    ``merge_stack(parts, between) -> attrs | None``: its inverse, consecutive layers as one module;
    ``absorb_pad(attrs, pad_kind, pad_attrs) -> attrs | None``: a pad layer before it taken into
    its own padding (a zero pad before a PyTorch conv);
    ``in_place(attrs) -> [(argument, text)]``: arguments that make the layer overwrite its input,
    written by the backend only where nothing else reads that input (``nn.ReLU(inplace=True)``);
    ``parts_to_fw(attrs) -> [(kind, attrs)]``: the layer written as a sequential container of
    other kinds' layers (a separable conv in PyTorch);
    ``outputs_to_fw(used) -> dict``: Keras call arguments returning the outputs used;
  * ``read_as(given, attrs) -> (kind, attrs)``: arguments the spelling fixes (``Arg.attr`` None),
    given other values (``given``: argument name -> value), make another kind (Keras ``ReLU(6.0)``
    is a ReLU6); raises ``Inexpressible`` saying why no kind computes it;
  * ``inputs_to_fw(inputs) -> inputs``: the framework's input order (Keras attention: q, v, k);
  * ``expression(attrs, x) -> str``: the op written inline as Python (``x * 0.5``, ``x[1:]``).
  * ``reorder(attrs, source_roles, roles) -> attrs``: attributes that name axes by position
    (an index), rewritten for the value held in ``roles`` order (passes/layout.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..ir.types import TensorType


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()  # attribute has no default: the source must give it (or inference)
ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "ABSENT"})()  # framework arg has no default

FRAMEWORKS = ("torch", "keras")
FORMS = ("layer", "function", "method", "activation", "string")  # "string": Keras "adam", "mse" ...
TRAINING_FAMILIES = ("optimizer", "loss", "schedule", "callback", "metric")


def identity(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Attr:
    name: str
    type: str  # int | float | bool | str | ints | floats | padding | axis | axes | shape | any
    default: Any = REQUIRED
    inferred: bool = False  # filled by shape inference from the input when the source omits it
    of_input: bool = False  # a size of the input the layer restates (in_features): must agree with it
    neutral: bool = False  # a target that cannot write it still computes the same forward pass (dropout rates)
    doc: str = ""


@dataclass(frozen=True)
class Arg:
    """One framework argument: its name, the canonical attribute it carries, its own default."""

    name: str
    attr: str | None  # None: the argument is fixed to ``default`` in what we write
    default: Any = ABSENT  # what the framework uses when the argument is omitted
    to_fw: Callable[[Any], Any] = identity
    from_fw: Callable[[Any], Any] = identity
    aliases: tuple[str, ...] = ()  # older spellings read by frontends (Keras 2 ``alpha`` ...)
    always: bool = False  # write it even when equal to the framework default (readability)
    # written by position although it has a default, as the framework's documentation and common
    # code write it (``nn.LeakyReLU(0.2)``, ``nn.LSTM(input_size, hidden_size, num_layers)``)
    by_position: bool = False


class Inexpressible(ValueError):
    """Raised by ``Arg.to_fw`` when a canonical value has no spelling as that argument
    (asymmetric padding for ``nn.Conv2d``); the backend then applies the kind's hooks."""


@dataclass(frozen=True)
class Param:
    """A framework weight and the canonical weight it corresponds to."""

    name: str  # framework name: "weight", "kernel", "gamma", "moving_mean" ...
    canonical: str
    to_fw: Callable[[Any], Any] = identity  # numpy array in canonical layout -> framework layout
    from_fw: Callable[[Any], Any] = identity


@dataclass(frozen=True)
class Spelling:
    framework: str  # "torch" | "keras"
    form: str  # "layer" (a class), "function", "method" (x.view(...)), "activation" (a string)
    name: str  # qualified: "torch.nn.Conv2d", "torch.nn.functional.relu", "keras.layers.Dense",
    #            "keras.ops.concatenate", "Tensor.view", or the activation string "relu"
    args: tuple[Arg, ...] = ()
    positional: tuple[str, ...] = ()  # framework argument names in positional order
    params: tuple[Param, ...] = ()
    layout: str | None = None  # "first" / "last": where the op needs the channel axis; None: any
    fused_activation: str | None = None  # argument carrying a fused activation (Keras ``activation``)
    read: bool = True  # False: only written (another kind owns this name when reading)
    hooks: dict[str, Callable[..., Any]] = field(default_factory=dict)  # non-rename translations

    def arg(self, name: str) -> Arg | None:
        return next((a for a in self.args if a.name == name or name in a.aliases), None)


ShapeRule = Callable[[dict, list[TensorType]], list[TensorType]]


@dataclass(frozen=True)
class Kind:
    name: str
    family: str
    attrs: tuple[Attr, ...]
    shape: ShapeRule | None
    spellings: tuple[Spelling, ...]
    weights: Callable[[dict], dict[str, tuple[int, ...]]] | None = None  # canonical param shapes
    infer: Callable[[dict, list[TensorType]], dict] | None = None  # fills ``inferred`` attrs
    outputs: tuple[str, ...] = ("out",)  # named results (recurrent layers have several)
    is_op: bool = False  # a tensor op (not a layer) in the support matrix
    spatial: tuple[int, ...] | None = None  # how many spatial axes its input may have (conv2d: (2,)); None: any
    input_widths: tuple[str, ...] = ()  # per input, the attribute stating its last axis (attention: kdim)
    mask_inputs: tuple[int, ...] = ()  # input slots holding a boolean mask (N, S) (attention's key padding)
    sizes_only: bool = False  # reads its inputs' sizes, not their values (a causal mask as long as x)
    doc: str = ""

    def attr(self, name: str) -> Attr:
        for a in self.attrs:
            if a.name == name:
                return a
        raise KeyError(f"{self.name} has no attribute {name!r}")

    def spelling(self, framework: str, form: str | None = None) -> Spelling | None:
        """The preferred spelling for writing: the first one of that framework (and form)."""
        for s in self.spellings:
            if s.framework == framework and (form is None or s.form == form):
                return s
        return None

    def defaults(self) -> dict[str, Any]:
        return {a.name: a.default for a in self.attrs if a.default is not REQUIRED}
