"""GRU sentence encoder for a seq2seq model; the class needs input_size and hidden_size and is never built in this file."""
import torch
import torch.nn as nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class EncoderRNN(nn.Module):
    def __init__(self, input_size, hidden_size, dropout_p=0.1):
        super(EncoderRNN, self).__init__()
        self.hidden_size = hidden_size
        self.embedding = nn.Embedding(input_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, batch_first=True)
        self.dropout = nn.Dropout(dropout_p)

    def init_hidden(self, batch_size):
        return torch.zeros(1, batch_size, self.hidden_size, device=device)

    def forward(self, input):
        hidden = self.init_hidden(input.size(0))
        embedded = self.dropout(self.embedding(input))
        output, hidden = self.gru(embedded, hidden)
        return output, hidden
