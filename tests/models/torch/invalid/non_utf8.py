import torch.nn as nn
# café -- written in latin-1
model = nn.Sequential(nn.Linear(4, 2))
