"""Dropout layers (identity at inference; kept so training code behaves the same)."""
from ..helpers import same
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling


def dropout_kind(name, torch_cls, keras_cls, doc, layout=None):
    return Kind(
        name=name, family="dropout",
        attrs=(Attr("p", "float", 0.5, doc="probability of zeroing an element"),),
        shape=same,
        spellings=(
            Spelling("torch", "layer", f"torch.nn.{torch_cls}", (Arg("p", "p", 0.5, always=True),),
                     positional=("p",), layout=layout and "first"),
            Spelling("keras", "layer", f"keras.layers.{keras_cls}", (Arg("rate", "p", always=True),),
                     positional=("rate",), layout=layout and "last"),
        ),
        doc=doc,
    )


register(
    dropout_kind("dropout", "Dropout", "Dropout", "zero elements at random while training"),
    dropout_kind("alpha_dropout", "AlphaDropout", "AlphaDropout", "dropout that keeps SELU's mean and variance"),
    *(dropout_kind(f"dropout{n}d", f"Dropout{n}d", f"SpatialDropout{n}D",
                   f"zero whole channels of {n}-D feature maps while training", layout="channels")
      for n in (1, 2, 3)),
)
