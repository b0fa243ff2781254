"""Never silently dropped: each statement of the source's training or data code that the
migration leaves out is warned about with its file:line:col and marked by a
``# TODO(nnport): <what> — source line N: <code>`` comment in the function of the generated
code where it would be; the generated code still passes ruff and imports and trains."""
import ast
import re
from pathlib import Path

import pytest
from test_generated_lint import lint
from test_generated_training import generated, keras_losses, labelled, torch_losses

from nnport.api import migrate
from nnport.errors import Reporter
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

MODELS = Path(__file__).parent / "models" / "training"

# (source line, col, code shown, generated function holding the comment)
TORCH_LEFT_OUT = [
    (21, 37, "transforms.RandomRotation(10)", "prepare"),
    (27, 5, "for epoch in range(EPOCHS):", "make_optimizer"),  # 0.1 / (1 + epoch): no schedule of the catalog
    (31, 13, "images = images[:, :, torch.randperm(28)]", "prepare"),
    (35, 13, "nn.utils.clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinit...", "make_optimizer"),
]
KERAS_LEFT_OUT = [
    (10, 20, "x_train[:2000]", "load_data"),
    (10, 36, "y_train[:2000]", "load_data"),
    (11, 11, "np.log1p(x_train)", "load_data"),
    (26, 36, "keras.metrics.TopKCategoricalAccuracy(k=3)", "evaluate"),
    (28, 22, "keras.callbacks.BackupAndRestore('backup')", "train"),
    (28, 66, "keras.callbacks.TerminateOnNaN()", "train"),
    (29, 1, "model.save('mnist_convnet.keras')", "<module>"),
]


def todo_places(code: str) -> dict[int, str]:
    """Source line of each TODO comment -> the innermost function of the generated code holding it."""
    tree = ast.parse(code)
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    found, lines = {}, code.splitlines()
    for i, text in enumerate(lines, 1):
        if "TODO(nnport)" not in text:
            continue
        where = next(t for t in lines[i - 1:i + 3] if "— source line" in t)
        line = int(re.search(r"— source line (\d+):", where).group(1))
        holders = [f for f in functions if f.lineno < i <= f.end_lineno]
        found[line] = min(holders, key=lambda f: f.end_lineno - f.lineno).name if holders else "<module>"
    return found


def check_marked(source: Path, target: str, expected, tmp_path) -> str:
    reporter = Reporter()
    code = migrate(source, WriteOptions(target=target), reporter=reporter)
    warned = {(d.loc.line, d.loc.col) for d in reporter.diagnostics
              if d.severity == "warning" and "a TODO comment marks it" in d.message}
    assert warned == {(line, col) for line, col, _code, _fn in expected}
    places = todo_places(code)
    for line, _col, shown, function in expected:
        assert f"source line {line}: {shown}" in code
        assert places[line] == function, (line, places)
    out = tmp_path / f"{source.stem}_{target}.py"
    out.write_text(code, encoding="utf-8")
    lint([out])
    assert migrate(source, WriteOptions(target=target)) == code  # deterministic
    return code


def test_torch_statements_left_out_are_marked_in_the_keras_code_which_still_trains(tmp_path):
    import keras

    check_marked(MODELS / "torch_mnist_left_out.py", "keras", TORCH_LEFT_OUT, tmp_path)
    keras.utils.set_random_seed(0)
    module = generated(MODELS / "torch_mnist_left_out.py", "keras", tmp_path)
    model = module.compile_model(module.Classifier())
    before, after = keras_losses(module, model, *labelled((1, 28, 28), 10), epochs=1)
    assert after < before


def test_keras_statements_left_out_are_marked_in_the_torch_code_which_still_trains(tmp_path):
    import torch

    check_marked(MODELS / "keras_mnist_left_out.py", "torch", KERAS_LEFT_OUT, tmp_path)
    torch.manual_seed(0)
    module = generated(MODELS / "keras_mnist_left_out.py", "torch", tmp_path)
    model = module.Model()
    before, after, history = torch_losses(module, model, *labelled((28, 28, 1), 10), epochs=2)
    assert len(history) == 2 and after < before


def test_a_long_comment_is_wrapped_and_its_code_cut_under_the_line_length():
    from nnport.backends.training.todo import WIDTH, comment

    entry = {"what": "gradient clipping is not read " * 6, "line": 12, "col": 5, "code": "x" * 300}
    lines = comment(entry)
    assert all(len(line) <= WIDTH for line in lines) and lines[0].startswith("# TODO(nnport): gradient")
    assert lines[-1].startswith("#   — source line 12: xxx") and lines[-1].endswith("...")
    short = comment({"what": "model.save(...) is not read", "line": 3, "col": 1, "code": "model.save('m.keras')"})
    assert short == ["# TODO(nnport): model.save(...) is not read — source line 3: model.save('m.keras')"]


UNKNOWN_SCHEDULER = '''
import torch
from torch import nn

model = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 4))
x, y = torch.randn(256, 20), torch.randint(0, 4, (256,))
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=32, shuffle=True)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=5)
criterion = nn.CrossEntropyLoss()
for epoch in range(4):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    scheduler.step()
'''


def test_a_torch_scheduler_the_catalog_lacks_is_marked_where_the_keras_optimizer_is_made(tmp_path):
    import keras

    source = tmp_path / "warm_restarts.py"
    source.write_text(UNKNOWN_SCHEDULER)
    expected = [(9, 13, "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=5)", "make_optimizer")]
    check_marked(source, "keras", expected, tmp_path)
    keras.utils.set_random_seed(0)
    module = generated(source, "keras", tmp_path)
    model = module.compile_model(module.Model())
    before, after = keras_losses(module, model, *labelled((20,), 4), epochs=3)
    assert after < before
