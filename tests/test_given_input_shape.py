"""A shape given with --input-shape for a network that starts with an embedding describes token
ids (N, T): found when migrating generated code, which has no example call, back again."""
from click.testing import CliRunner

from nnport.cli import main

TEXT_NET = '''
import torch
from torch import nn


class TextNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(50, 8)
        self.conv = nn.Conv1d(8, 6, 3, padding=1)
        self.fc = nn.Linear(6, 2)

    def forward(self, tokens):
        x = self.embed(tokens).permute(0, 2, 1)
        x = torch.relu(self.conv(x)).permute(0, 2, 1)
        return self.fc(x.mean(dim=1))
'''


def test_given_shape_for_token_ids_migrates_and_verifies(tmp_path):
    source, migrated = tmp_path / "text_net.py", tmp_path / "text_net_keras.py"
    source.write_text(TEXT_NET)
    runner = CliRunner()
    done = runner.invoke(main, ["migrate", str(source), "--to", "keras", "--only-model", "--layout", "native",
                                "--input-shape", "None,12", "-o", str(migrated)])
    assert done.exit_code == 0, done.output
    code = migrated.read_text()
    assert "transpose" not in code  # the conv reads the embedding's (N, T, C) directly in Keras
    checked = runner.invoke(main, ["verify", str(source), str(migrated), "--input-shape", "None,12",
                                   "--layout", "native", "--trials", "2"])
    assert checked.exit_code == 0, checked.output
