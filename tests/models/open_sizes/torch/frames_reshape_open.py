"""Frame classifier that reshapes its flat input into (frames, features); features come from the data."""
import numpy as np
from torch import nn

X = np.load("frames.npy")
n_features = X.shape[2]


class FrameNet(nn.Module):
    def __init__(self, n_features, n_frames=10, n_classes=3):
        super().__init__()
        self.n_features = n_features
        self.n_frames = n_frames
        self.rnn = nn.LSTM(n_features, 32, batch_first=True)
        self.fc = nn.Linear(32, n_classes)

    def forward(self, flat):
        x = flat.view(-1, self.n_frames, self.n_features)
        out, _ = self.rnn(x)
        return self.fc(out[:, -1])


model = FrameNet(n_features)
