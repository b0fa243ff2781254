"""The PyTorch training loop's own code, read statically: per-batch statements on the batch, the
loss's input, and a learning rate set by hand in the epoch loop; what is not read is reported
and marked in the migrated training code."""
import textwrap

from nnport import api
from nnport.errors import Reporter
from nnport.options import ReadOptions, WriteOptions

NET = '''
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        return self.fc(x)


model = Net()
'''


def read(tmp_path, loop: str, name="train.py"):
    path = tmp_path / name
    path.write_text(NET + textwrap.dedent(loop))
    reporter = Reporter()
    return api.load(path, ReadOptions(), reporter), reporter, path


def test_casts_scaling_and_flattening_in_the_loop_are_steps_of_the_batch(tmp_path):
    model, reporter, _ = read(tmp_path, '''
        if __name__ == "__main__":
            from torchvision import datasets
            train_set = datasets.MNIST("data", train=True, download=True)
            loader = torch.utils.data.DataLoader(train_set, batch_size=64)
            optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
            for epoch in range(3):
                for batch_idx, (data, target) in enumerate(loader):
                    data = data.float() / 255.
                    data, target = data.view(data.size(0), -1), target.long()
                    optimizer.zero_grad()
                    loss = F.cross_entropy(model(data), target)
                    loss.backward()
                    optimizer.step()
        ''')
    steps = [{k: v for k, v in s.items() if k != "line"} for s in model.training.batch_steps]
    assert steps == [{"on": "inputs", "kind": "cast", "dtype": "float32"},
                     {"on": "inputs", "kind": "scale", "factor": 1 / 255.0},
                     {"on": "inputs", "kind": "flatten"},
                     {"on": "targets", "kind": "cast", "dtype": "int64"}]
    assert not reporter.diagnostics


def test_a_statement_on_the_batch_not_read_is_reported_and_marked(tmp_path):
    model, reporter, path = read(tmp_path, '''
        if __name__ == "__main__":
            X, y = torch.randn(256, 784), torch.randint(0, 10, (256,))
            loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=32)
            optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
            criterion = nn.CrossEntropyLoss()
            for epoch in range(3):
                for xb, yb in loader:
                    xb = xb[:, torch.randperm(784)]
                    loss = criterion(model(xb), yb)
                    loss.backward()
                    optimizer.step()
        ''')
    assert model.training.batch_steps == []
    assert any("xb[:, torch.randperm(784)]" in d.message for d in reporter.diagnostics)
    code = api.migrate(path, WriteOptions(target="keras"))
    assert "# TODO(nnport): per-batch code" in code and ": xb = xb[:, torch.randperm(784)]" in code


def test_nll_of_the_log_of_probabilities_is_the_cross_entropy_of_probabilities(tmp_path):
    model, _, _ = read(tmp_path, '''
        if __name__ == "__main__":
            X, y = torch.randn(256, 784), torch.randint(0, 10, (256,))
            loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=32)
            optimizer = torch.optim.Adagrad(model.parameters(), lr=0.05)
            criterion = nn.NLLLoss()
            for epoch in range(3):
                for xb, yb in loader:
                    loss = criterion(torch.log(model(xb)), yb)
                    loss.backward()
                    optimizer.step()
        ''')
    assert model.training.loss.kind == "cross_entropy" and model.training.loss.attrs["from_logits"] is False


LOOP = '''
if __name__ == "__main__":
    X, y = torch.randn(256, 784), torch.randint(0, 10, (256,))
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=32)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    criterion = nn.CrossEntropyLoss()
    for epoch in range(90):
        {before}
        for xb, yb in loader:
            loss = criterion(model(xb), yb)
            loss.backward()
            optimizer.step()
        {after}
'''


def schedule_of(tmp_path, helper="", before="pass", after="pass"):
    model, reporter, _ = read(tmp_path, helper + LOOP.format(before=before, after=after))
    found = model.training.schedule
    return (found.kind, found.attrs) if found else None, model, reporter


def test_an_adjust_learning_rate_helper_called_before_training_is_a_step_lr(tmp_path):
    helper = '''
def adjust_learning_rate(optimizer, epoch, base_lr=0.1):
    """Sets the learning rate to the initial LR decayed by 10 every 30 epochs"""
    lr = base_lr * (0.1 ** (epoch // 30))
    for param_group in optimizer.param_groups:
        param_group['lr'] = lr
'''
    found, model, reporter = schedule_of(tmp_path, helper, before="adjust_learning_rate(optimizer, epoch)")
    assert found[0] == "step_lr" and found[1]["step_size"] == 30 and abs(found[1]["gamma"] - 0.1) < 1e-12
    assert model.training.optimizer.attrs["lr"] == 0.1 and not reporter.diagnostics


def test_a_rate_multiplied_at_given_epochs_is_a_multi_step_lr(tmp_path):
    after = '''if epoch + 1 in (30, 80):
            for g in optimizer.param_groups:
                g["lr"] *= 0.2'''
    found, _, _ = schedule_of(tmp_path, after=after)
    assert found[0] == "multi_step_lr" and found[1]["milestones"] == (30, 80) and abs(found[1]["gamma"] - 0.2) < 1e-12


def test_rates_no_scheduler_gives_are_reported_not_dropped(tmp_path):
    after = '''if epoch == 10:
            for g in optimizer.param_groups:
                g["lr"] = 0.05
        if epoch == 20:
            for g in optimizer.param_groups:
                g["lr"] = 0.04'''
    found, model, reporter = schedule_of(tmp_path, after=after)
    assert found is None and any("no StepLR" in d.message for d in reporter.diagnostics)
    assert any("learning rates set in the loop" in item["what"] for item in model.training.untranslated)
