"""Which pivot kinds B-UML's NN metamodel can express, and how their attributes map.

One ``Entry`` per kind: the B-UML class, the attribute pairs (ours -> theirs, with value
converters both ways), the values B-UML can only hold implicitly (``fixed``: anything else
is refused), attributes shape inference derives again (``derived``), and constructor
arguments B-UML needs that follow from the kind (``extra``). No framework is imported here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


def same(value):
    return value


def as_list(value):
    return list(value) if value is not None else None


def as_tuple(value):
    return tuple(value) if value is not None else None


@dataclass(frozen=True)
class Field:
    ours: str
    theirs: str
    out: Callable[[Any], Any] = same  # pivot -> B-UML
    back: Callable[[Any], Any] = same  # B-UML -> pivot


@dataclass(frozen=True)
class Entry:
    kind: str
    cls: str  # class name in besser.BUML.metamodel.nn
    fields: tuple[Field, ...] = ()
    fixed: dict[str, Any] = field(default_factory=dict)
    derived: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def _tuple_field(ours, theirs):
    return Field(ours, theirs, as_list, as_tuple)


ENTRIES: list[Entry] = []
for _n in (1, 2, 3):
    ENTRIES.append(Entry(f"conv{_n}d", f"Conv{_n}D", (
        Field("in_channels", "in_channels"), Field("out_channels", "out_channels"),
        _tuple_field("kernel_size", "kernel_dim"), _tuple_field("stride", "stride_dim"),
        _tuple_field("dilation", "dilation"), Field("groups", "groups"), Field("bias", "bias"),
        Field("padding", "padding")), fixed={"padding_mode": "zeros"}))
    for _op, _buml in (("max", "max"), ("avg", "average")):
        _fixed = {"ceil_mode": False, **({"dilation": (1,) * _n} if _op == "max" else {"count_include_pad": True})}
        ENTRIES.append(Entry(f"{_op}_pool{_n}d", "PoolingLayer", (
            _tuple_field("kernel_size", "kernel_dim"), _tuple_field("stride", "stride_dim"), Field("padding", "padding")),
            fixed=_fixed, extra={"pooling_type": _buml, "dimension": f"{_n}D"}))
        ENTRIES.append(Entry(f"adaptive_{_op}_pool{_n}d", "PoolingLayer", (_tuple_field("output_size", "output_dim"),),
                             extra={"pooling_type": f"adaptive_{_buml}", "dimension": f"{_n}D"}))
        ENTRIES.append(Entry(f"global_{_op}_pool{_n}d", "PoolingLayer", (), fixed={"keepdims": False},
                             derived=("axes",), extra={"pooling_type": f"global_{_buml}", "dimension": f"{_n}D"}))
    ENTRIES.append(Entry(f"batch_norm{_n}d", "BatchNormLayer", (
        Field("num_features", "num_features"), Field("eps", "eps"), Field("momentum", "momentum"),
        Field("affine", "affine"), Field("track_running_stats", "track_running_stats")),
        fixed={"axis": "C"}, extra={"dimension": f"{_n}D"}))

ENTRIES += [
    Entry("linear", "LinearLayer", (Field("in_features", "in_features"), Field("out_features", "out_features"),
                                    Field("bias", "bias"))),
    Entry("flatten", "FlattenLayer", (Field("start", "start_dim"), Field("end", "end_dim"))),
    Entry("dropout", "DropoutLayer", (Field("p", "rate"),)),
    Entry("layer_norm", "LayerNormLayer", (_tuple_field("normalized_shape", "normalized_shape"), Field("eps", "eps"),
                                           Field("elementwise_affine", "affine")),
          fixed={"bias": True}, derived=("axes",)),
    Entry("embedding", "EmbeddingLayer", (Field("num_embeddings", "num_embeddings"),
                                          Field("embedding_dim", "embedding_dim"), Field("padding_idx", "padding_idx")),
          fixed={"max_norm": None}),
]

# activations B-UML's generators know by name (``actv_func``); their other attributes are fixed
ACTIVATIONS = {"relu": {}, "sigmoid": {}, "tanh": {}, "leaky_relu": {"negative_slope": 0.01},
               "gelu": {"approximate": False}, "softmax": {}}
# activation attributes B-UML states implicitly as "the last axis"
LAST_AXIS = {"softmax": "axis"}
# tensor ops: ours -> B-UML ``tns_type``
TENSOR_OPS = {"add": "binop_add", "sub": "binop_subtract", "mul": "binop_multiply", "truediv": "binop_divide",
              "concat": "concatenate"}
# training: ours -> B-UML Configuration values, with the optimizer attributes it can hold
OPTIMIZERS = {"adam": ("adam", {"lr": "learning_rate", "weight_decay": "weight_decay"}),
              "adamw": ("adamW", {"lr": "learning_rate", "decoupled_weight_decay": "weight_decay"}),
              "sgd": ("sgd", {"lr": "learning_rate", "weight_decay": "weight_decay", "momentum": "momentum"}),
              "adagrad": ("adagrad", {"lr": "learning_rate", "weight_decay": "weight_decay"})}
LOSSES = {"cross_entropy": "crossentropy", "binary_cross_entropy": "binary_crossentropy", "mse": "mse"}
METRICS = {"accuracy": "accuracy", "precision": "precision", "recall": "recall", "f1": "f1-score", "mae": "mae"}

BY_KIND = {e.kind: e for e in ENTRIES}
