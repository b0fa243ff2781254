"""Tied weights: a linear layer whose weight is an embedding's table (PyTorch's
``self.head.weight = self.tok_emb.weight``, the output layer of a language model).

The head (``tied_linear``) holds no weight of its own: it names the embedding module whose table
it multiplies by (``table``). Each target writes it as a call of that embedding (the ``calls_module``
hook, applied by passes/legalize.py): Keras's ``layers.ReversibleEmbedding`` called with
``reverse=True`` (its transposed table, no bias), PyTorch's ``x @ self.tok_emb.weight.T``. The table
converts with the embedding. A head with a bias has no Keras spelling: refused where the tie is read.
"""
from ...ir.types import TensorType
from ..registry import register
from ..schema import Arg, Attr, Kind, Param, Spelling
from .embedding import embedding_shape


def tied_shape(attrs, inputs):
    x = inputs[0]
    return [TensorType(x.shape[:-1] + (attrs["out_features"],), x.roles, x.dtype)]


EMBEDDING_ATTRS = (Attr("num_embeddings", "int"), Attr("embedding_dim", "int"),
                   Attr("padding_idx", "int", None, neutral=True), Attr("max_norm", "float", None))

register(
    Kind(name="tied_linear", family="embedding",
         attrs=(Attr("table", "str", doc="the embedding module whose table (out_features, in_features) is the weight"),
                Attr("in_features", "int", of_input=True), Attr("out_features", "int")),
         shape=tied_shape,
         spellings=(
             Spelling("torch", "layer", "nnport.tied_linear", read=False,
                      hooks={"calls_module": lambda attrs: (attrs["table"], "{0} @ {obj}.weight.T", None)}),
             Spelling("keras", "layer", "nnport.tied_linear", read=False,
                      hooks={"calls_module": lambda attrs: (attrs["table"], "{obj}({0}, reverse=True)",
                                                            "reversible_embedding")}),
         ),
         doc="x times an embedding's transposed table (tied input and output embeddings)"),
    Kind(name="reversible_embedding", family="embedding", attrs=EMBEDDING_ATTRS, shape=embedding_shape,
         weights=lambda a: {"weight": (a["num_embeddings"], a["embedding_dim"])},
         spellings=(
             Spelling("torch", "layer", "torch.nn.Embedding",
                      (Arg("num_embeddings", "num_embeddings", always=True),
                       Arg("embedding_dim", "embedding_dim", always=True), Arg("padding_idx", "padding_idx", None),
                       Arg("max_norm", "max_norm", None)),
                      positional=("num_embeddings", "embedding_dim", "padding_idx", "max_norm"),
                      params=(Param("weight", "weight"),), read=False),
             Spelling("keras", "layer", "keras.layers.ReversibleEmbedding",
                      (Arg("input_dim", "num_embeddings", always=True), Arg("output_dim", "embedding_dim", always=True)),
                      positional=("input_dim", "output_dim"), params=(Param("embeddings", "weight"),), read=False),
         ),
         doc="an embedding also called in reverse (x times its transposed table): a tied output layer"),
)
