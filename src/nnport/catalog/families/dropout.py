"""Dropout layers (identity at inference; kept so training code behaves the same)."""
from ..helpers import same
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling


def functional_expression(torch_fn):
    """``F.dropout`` drops in eval mode too unless told the module's mode: always pass it."""
    return lambda attrs, x: f"nn.functional.{torch_fn}({x}, {attrs['p']!r}, training=self.training)"


def functional_spelling(torch_fn, layout):
    """``F.dropout(x, p, training=self.training)``: reading takes ``training`` as the module's mode
    (another value is reported by the frontend, not translated)."""
    args = (Arg("p", "p", 0.5, always=True), Arg("training", None, True), Arg("inplace", None, False))
    return Spelling("torch", "function", f"torch.nn.functional.{torch_fn}", args,
                    positional=("input", "p", "training", "inplace"), layout=layout and "first",
                    hooks={"expression": functional_expression(torch_fn)})


# PyTorch's own warning: ``dropout2d`` on a 2-D input drops single elements, as ``dropout`` does.
ELEMENT_RANKS = {2: (2,)}


def channel_maps(n, torch_cls, keras_cls):
    """Shape rule of the channel dropouts: ``SpatialDropout2D`` takes only 4-D inputs, and
    PyTorch reads another rank its own way (other ranks are unbatched channels): refused, rather
    than written as a layer that fails when the migrated model runs."""
    def shape(attrs, inputs):
        x = inputs[0]
        if x.rank != n + 2 and x.rank not in ELEMENT_RANKS.get(n, ()):
            raise ValueError(f"{torch_cls} / {keras_cls} zero whole channels of {n}-D feature maps, rank {n + 2} "
                             f"with the batch; its input {x} has rank {x.rank}, which {keras_cls} does not accept "
                             f"(both are the identity at inference; nn.Dropout / Dropout drop single elements)")
        return same(attrs, inputs)
    return shape


def element_dropout(n):
    """Keras ``rewrite`` hook: the ranks PyTorch reads as element dropout become ``Dropout``."""
    def rewrite(attrs, inputs):
        rank = inputs[0].rank if inputs and inputs[0] is not None else None
        return {"kind": "dropout", "attrs": attrs} if rank in ELEMENT_RANKS.get(n, ()) else None
    return rewrite


def dropout_kind(name, torch_cls, keras_cls, doc, layout=None, torch_fn=None, rank=None):
    functional = (functional_spelling(torch_fn, layout),) if torch_fn else ()
    return Kind(
        name=name, family="dropout",
        attrs=(Attr("p", "float", 0.5, doc="probability of zeroing an element"),),
        shape=channel_maps(rank, torch_cls, keras_cls) if rank else same,
        spellings=(
            Spelling("torch", "layer", f"torch.nn.{torch_cls}", (Arg("p", "p", 0.5, always=True),),
                     positional=("p",), layout=layout and "first"),
            *functional,
            Spelling("keras", "layer", f"keras.layers.{keras_cls}", (Arg("rate", "p", always=True, aliases=("p",)),),
                     positional=("rate",), layout=layout and "last",
                     hooks={"rewrite": element_dropout(rank)} if rank else {}),
        ),
        doc=doc,
    )


register(
    dropout_kind("dropout", "Dropout", "Dropout", "zero elements at random while training", torch_fn="dropout"),
    dropout_kind("alpha_dropout", "AlphaDropout", "AlphaDropout", "dropout that keeps SELU's mean and variance"),
    *(dropout_kind(f"dropout{n}d", f"Dropout{n}d", f"SpatialDropout{n}D",
                   f"zero whole channels of {n}-D feature maps while training", layout="channels",
                   torch_fn=f"dropout{n}d", rank=n)
      for n in (1, 2, 3)),
)
