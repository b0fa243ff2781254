"""Embedding lookup tables."""
from ...ir.types import TensorType
from ..helpers import free_role
from ..registry import register
from ..schema import Arg, Attr, Kind, Param, Spelling


def embedding_shape(attrs, inputs):
    ids = inputs[0]
    role = free_role(ids, "C")
    return [TensorType(ids.shape + (attrs["embedding_dim"],), ids.roles + (role,), "float32")]


SPARSE = "sparse gradient"  # in a reason: what dense gradients (JAX, torch, verify) do not have
# optimizers whose update divides by a running mean of squared gradients (or their sum)
SQUARING = ("adam", "adamw", "nadam", "rmsprop", "adagrad")


def trains_differently(optimizer: str, attrs: dict) -> list[tuple[str, str]]:
    """``trains_differently(optimizer, attrs)``: (canonical weight, why) Keras trains otherwise than PyTorch:
    TensorFlow's sparse gradients (``SPARSE`` in the reason: verify compares with dense ones) and
    PyTorch's ``padding_idx`` row, which never gets a gradient where Keras trains every row."""
    found = per_token_squares(optimizer)
    if attrs.get("padding_idx") is not None:
        why = (f"padding_idx={attrs['padding_idx']}: PyTorch never trains that row (its gradient is zero), Keras "
               "trains every row of the table")
        found.append(("weight", why))
    return found


def per_token_squares(optimizer: str) -> list[tuple[str, str]]:
    """(canonical weight, why) Keras on TensorFlow trains otherwise than PyTorch under ``optimizer``.

    Keras on TensorFlow hands the optimizer an embedding's gradient token by token (IndexedSlices):
    the second moment of Adam and RMSprop, Adagrad's accumulator, add the sum of each occurrence's
    squared gradient where PyTorch adds the square of their sum (measured; the first moment and the
    update are the same). Keras on JAX or torch gives dense gradients and trains as PyTorch does."""
    if optimizer not in SQUARING:
        return []
    why = (f"{optimizer} on an embedding: Keras on TensorFlow hands over a {SPARSE}, squaring each occurrence "
           "of a token apart (the sum of their squares), PyTorch the gradient summed over the batch (the square "
           "of their sum): rows of tokens that occur more than once in a batch take other steps (Keras on JAX "
           "or torch trains as PyTorch)")
    return [("weight", why)]


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
                 positional=("input_dim", "output_dim"), params=(Param("embeddings", "weight"),),
                 hooks={"trains_differently": trains_differently}),
    ),
    doc="integer ids -> rows of a learned table",
))
