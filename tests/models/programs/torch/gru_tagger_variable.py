"""Part-of-speech tagger in the old PyTorch style: Variable-wrapped zero state, vocabulary built from sentences in the file."""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.autograd import Variable

training_data = [
    ("the dog ate the apple".split(), ["DET", "NN", "V", "DET", "NN"]),
    ("everybody read that book".split(), ["NN", "V", "DET", "NN"]),
    ("a cat sat on the mat".split(), ["DET", "NN", "V", "P", "DET", "NN"]),
]
word_to_ix = {}
for sentence, tags in training_data:
    for word in sentence:
        if word not in word_to_ix:
            word_to_ix[word] = len(word_to_ix)
tag_to_ix = {"DET": 0, "NN": 1, "V": 2, "P": 3}

EMBEDDING_DIM = 6
HIDDEN_DIM = 6


class GRUTagger(nn.Module):
    def __init__(self, embedding_dim, hidden_dim, vocab_size, tagset_size):
        super(GRUTagger, self).__init__()
        self.hidden_dim = hidden_dim
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.gru = nn.GRU(embedding_dim, hidden_dim, batch_first=True)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)

    def init_hidden(self, batch_size):
        return Variable(torch.zeros(1, batch_size, self.hidden_dim))

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        hidden = self.init_hidden(sentence.size(0))
        gru_out, hidden = self.gru(embeds, hidden)
        tag_space = self.hidden2tag(gru_out)
        return F.log_softmax(tag_space, dim=2)


def prepare_sequence(seq, to_ix):
    idxs = [to_ix[w] for w in seq]
    return Variable(torch.LongTensor(idxs)).unsqueeze(0)


model = GRUTagger(EMBEDDING_DIM, HIDDEN_DIM, len(word_to_ix), len(tag_to_ix))
loss_function = nn.NLLLoss()
optimizer = optim.SGD(model.parameters(), lr=0.1)

for epoch in range(30):
    for sentence, tags in training_data:
        model.zero_grad()
        sentence_in = prepare_sequence(sentence, word_to_ix)
        targets = prepare_sequence(tags, tag_to_ix)
        tag_scores = model(sentence_in)
        loss = loss_function(tag_scores.squeeze(0), targets.squeeze(0))
        loss.backward()
        optimizer.step()
