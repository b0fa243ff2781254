"""Sequence-to-sequence translation model around nn.Transformer: source and target embeddings,
a causal target mask, padding masks for the target and the memory, a generator over the target
vocabulary."""
from torch import nn

SRC_VOCAB, TGT_VOCAB = 120, 100


class Seq2SeqTransformer(nn.Module):
    def __init__(self, num_encoder_layers, num_decoder_layers, emb_size, nhead, src_vocab_size, tgt_vocab_size,
                 dim_feedforward=512, dropout=0.1):
        super().__init__()
        self.transformer = nn.Transformer(d_model=emb_size, nhead=nhead, num_encoder_layers=num_encoder_layers,
                                          num_decoder_layers=num_decoder_layers, dim_feedforward=dim_feedforward,
                                          dropout=dropout, batch_first=True)
        self.generator = nn.Linear(emb_size, tgt_vocab_size)
        self.src_tok_emb = nn.Embedding(src_vocab_size, emb_size)
        self.tgt_tok_emb = nn.Embedding(tgt_vocab_size, emb_size)

    def forward(self, src, trg, tgt_padding_mask, memory_key_padding_mask):
        src_emb = self.src_tok_emb(src)
        tgt_emb = self.tgt_tok_emb(trg)
        tgt_mask = self.transformer.generate_square_subsequent_mask(tgt_emb.size(1))
        outs = self.transformer(src_emb, tgt_emb, tgt_mask=tgt_mask, tgt_key_padding_mask=tgt_padding_mask,
                                memory_key_padding_mask=memory_key_padding_mask)
        return self.generator(outs)


model = Seq2SeqTransformer(2, 2, 32, 4, SRC_VOCAB, TGT_VOCAB, dim_feedforward=64)
