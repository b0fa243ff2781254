"""nn.TransformerDecoderLayer, nn.TransformerDecoder and nn.Transformer, read as the networks
they are (see transformer.py): PyTorch's sub-module names (self_attn, multihead_attn, linear1,
norm1..norm3, dropout1..dropout3; layers.N, norm; encoder, decoder), post-norm or pre-norm. The
decoder has no fast path in PyTorch; nn.Transformer's encoder is an nn.TransformerEncoder with
enable_nested_tensor=True, refused with a key padding mask where that returns zeros.
"""
from ...ir.types import TensorType
from ..definitions import defined_kind
from ..registry import register
from .transformer import (
    ACTIVATION,
    FEED_FORWARD,
    SIGNATURE,
    feed_forward_block,
    same_as_first,
)

DECODER_LAYER = """
class TransformerDecoderLayer(torch.nn.Module):
    def __init__""" + SIGNATURE + """
        self.self_attn = torch.nn.MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first,
                                                     bias=bias)
        self.multihead_attn = torch.nn.MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first,
                                                          bias=bias)""" + FEED_FORWARD + """
        self.norm1 = torch.nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.norm2 = torch.nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.norm3 = torch.nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.dropout1 = torch.nn.Dropout(dropout)
        self.dropout2 = torch.nn.Dropout(dropout)
        self.dropout3 = torch.nn.Dropout(dropout)""" + ACTIVATION + """
    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False):
        if tgt_is_causal and tgt_mask is None:
            raise RuntimeError("Need attn_mask if specifying the is_causal hint (PyTorch fails here)")
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask)
            x = x + self._ff_block(self.norm3(x))
        else:
            x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask))
            x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask))
            x = self.norm3(x + self._ff_block(x))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False)[0]
        return self.dropout1(x)

    def _mha_block(self, x, mem, attn_mask, key_padding_mask):
        x = self.multihead_attn(x, mem, mem, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                                need_weights=False)[0]
        return self.dropout2(x)
""" + feed_forward_block("dropout3")

DECODER = '''
class TransformerDecoder(torch.nn.Module):
    def __init__(self, decoder_layer, num_layers, norm=None):
        super().__init__()
        self.layers = torch.nn.ModuleList([copy.deepcopy(decoder_layer) for _ in range(num_layers)])
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False):
        output = tgt
        for mod in self.layers:
            output = mod(output, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                         tgt_key_padding_mask=tgt_key_padding_mask,
                         memory_key_padding_mask=memory_key_padding_mask, tgt_is_causal=tgt_is_causal)
        if self.norm is not None:
            output = self.norm(output)
        return output
'''

TRANSFORMER = '''
class Transformer(torch.nn.Module):
    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
                 dropout=0.1, activation=torch.nn.functional.relu, custom_encoder=None, custom_decoder=None,
                 layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, device=None, dtype=None):
        super().__init__()
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            encoder_layer = torch.nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout, activation,
                                                             layer_norm_eps, batch_first, norm_first, bias)
            encoder_norm = torch.nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
            self.encoder = torch.nn.TransformerEncoder(encoder_layer, num_encoder_layers, encoder_norm)
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            decoder_layer = torch.nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward, dropout, activation,
                                                             layer_norm_eps, batch_first, norm_first, bias)
            decoder_norm = torch.nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
            self.decoder = torch.nn.TransformerDecoder(decoder_layer, num_decoder_layers, decoder_norm)
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first

    def forward(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
                tgt_key_padding_mask=None, memory_key_padding_mask=None, src_is_causal=None, tgt_is_causal=None,
                memory_is_causal=False):
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask)

    @staticmethod
    def generate_square_subsequent_mask(sz, device=None, dtype=None):
        return torch.nn.Transformer.generate_square_subsequent_mask(sz)
'''


def target_shape(attrs, inputs):
    return [TensorType(inputs[1].shape, inputs[1].roles, inputs[1].dtype)]


register(
    defined_kind("transformer_decoder_layer", "transformer", "torch.nn.TransformerDecoderLayer", DECODER_LAYER,
                 same_as_first, "self-attention, attention over the memory and feed-forward blocks"),
    defined_kind("transformer_decoder", "transformer", "torch.nn.TransformerDecoder", DECODER,
                 same_as_first, "a stack of copies of a decoder layer, with an optional last norm"),
    defined_kind("transformer", "transformer", "torch.nn.Transformer", TRANSFORMER,
                 target_shape, "an encoder and a decoder stack with their last norms"),
)
