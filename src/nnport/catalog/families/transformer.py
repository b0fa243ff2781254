"""nn.TransformerEncoderLayer and nn.TransformerEncoder, read as the networks they are.

The definitions below compute what PyTorch's modules compute in eval mode (post-norm or
pre-norm residual blocks, dropout after the attention, inside and after the feed-forward),
with PyTorch's sub-module names (self_attn, linear1, dropout, linear2, norm1, norm2, dropout1,
dropout2; layers.0 ... layers.N-1 and norm), so each sub-layer is translated and its weights
converted by its own entry. Keras writes them as classes of their own. PyTorch's fast paths
compute the same values, except TransformerEncoder's nested tensors: with a key padding mask in
inference it returns zeros at padded positions when every sequence's padding is at its end, which
is refused (enable_nested_tensor=False gives the computed values the translation writes).
"""
from ...ir.types import TensorType
from ..definitions import defined_kind
from ..registry import register

SIGNATURE = """(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=torch.nn.functional.relu,
                 layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, device=None, dtype=None):
        super().__init__()
"""

# what both layers build after their attention: the feed-forward block and the norms' switch
FEED_FORWARD = """
        self.linear1 = torch.nn.Linear(d_model, dim_feedforward, bias=bias)
        self.dropout = torch.nn.Dropout(dropout)
        self.linear2 = torch.nn.Linear(dim_feedforward, d_model, bias=bias)
        self.norm_first = norm_first
"""

ACTIVATION = """
        if activation == "relu":
            activation = torch.nn.functional.relu
        elif activation == "gelu":
            activation = torch.nn.functional.gelu
        elif isinstance(activation, str):
            raise RuntimeError(f"activation should be relu/gelu, not {activation}")
        self.activation = activation
"""


def feed_forward_block(dropout: str) -> str:
    return f"""
    def _ff_block(self, x):
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.{dropout}(x)
"""


ENCODER_LAYER = """
class TransformerEncoderLayer(torch.nn.Module):
    def __init__""" + SIGNATURE + """
        self.self_attn = torch.nn.MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                                     batch_first=batch_first)""" + FEED_FORWARD + """
        self.fast_path_able = batch_first and bias and nhead % 2 == 0  # what TransformerEncoder checks
        self.norm1 = torch.nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.norm2 = torch.nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.dropout1 = torch.nn.Dropout(dropout)
        self.dropout2 = torch.nn.Dropout(dropout)""" + ACTIVATION + """
    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        if is_causal and src_mask is None:
            raise RuntimeError("Need attn_mask if specifying the is_causal hint (PyTorch fails here)")
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask)
            x = x + self._ff_block(self.norm2(x))
        else:
            x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask))
            x = self.norm2(x + self._ff_block(x))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False)[0]
        return self.dropout1(x)
""" + feed_forward_block("dropout2")

ENCODER = '''
class TransformerEncoder(torch.nn.Module):
    def __init__(self, encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True):
        super().__init__()
        self.layers = torch.nn.ModuleList([copy.deepcopy(encoder_layer) for _ in range(num_layers)])
        self.num_layers = num_layers
        self.norm = norm
        # PyTorch also checks for a relu / gelu activation: any activation is taken as one (refused, never wrong)
        self.use_nested_tensor = enable_nested_tensor and not encoder_layer.norm_first and encoder_layer.fast_path_able

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        if src_key_padding_mask is not None and mask is None and self.use_nested_tensor:
            raise NotImplementedError(
                "nn.TransformerEncoder with src_key_padding_mask and enable_nested_tensor=True returns zeros at the "
                "padded positions in inference when every sequence is padded at its end (a nested-tensor fast "
                "path), else the values computed there; give enable_nested_tensor=False to translate the "
                "computed values")
        output = src
        for mod in self.layers:
            output = mod(output, src_mask=mask, is_causal=is_causal, src_key_padding_mask=src_key_padding_mask)
        if self.norm is not None:
            output = self.norm(output)
        return output
'''


def same_as_first(attrs, inputs):
    return [TensorType(inputs[0].shape, inputs[0].roles, inputs[0].dtype)]


register(
    defined_kind("transformer_encoder_layer", "transformer", "torch.nn.TransformerEncoderLayer", ENCODER_LAYER,
                 same_as_first, "self-attention and feed-forward blocks with residuals and layer norms"),
    defined_kind("transformer_encoder", "transformer", "torch.nn.TransformerEncoder", ENCODER,
                 same_as_first, "a stack of copies of an encoder layer, with an optional last norm"),
)
