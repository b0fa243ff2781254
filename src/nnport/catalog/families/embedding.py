"""Embedding lookup tables."""
from ..helpers import free_role
from ..registry import register
from ..schema import Arg, Attr, Kind, Param, Spelling
from ...ir.types import TensorType


def embedding_shape(attrs, inputs):
    ids = inputs[0]
    role = free_role(ids, "C")
    return [TensorType(ids.shape + (attrs["embedding_dim"],), ids.roles + (role,), "float32")]


register(Kind(
    name="embedding", family="embedding",
    attrs=(Attr("num_embeddings", "int"), Attr("embedding_dim", "int"),
           Attr("padding_idx", "int", None, neutral=True, doc="row kept at zero and not trained (PyTorch only)"),
           Attr("max_norm", "float", None)),
    shape=embedding_shape,
    weights=lambda a: {"weight": (a["num_embeddings"], a["embedding_dim"])},
    spellings=(
        Spelling("torch", "layer", "torch.nn.Embedding",
                 (Arg("num_embeddings", "num_embeddings", always=True), Arg("embedding_dim", "embedding_dim", always=True),
                  Arg("padding_idx", "padding_idx", None), Arg("max_norm", "max_norm", None)),
                 positional=("num_embeddings", "embedding_dim", "padding_idx", "max_norm"),
                 params=(Param("weight", "weight"),)),
        Spelling("keras", "layer", "keras.layers.Embedding",
                 (Arg("input_dim", "num_embeddings", always=True), Arg("output_dim", "embedding_dim", always=True)),
                 positional=("input_dim", "output_dim"), params=(Param("embeddings", "weight"),)),
    ),
    doc="integer ids -> rows of a learned table",
))
