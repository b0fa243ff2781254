"""The Keras half of tests/models/programs (files written with the program constructs of real
ones: old Keras spellings, builders, config tables, custom layers...): each migrates to PyTorch
with the model expression of EXPECTED.json and verifies as it stands, with no input shape given,
or is refused with its reason. ``python -m benchmarks.unstated_shapes --corpus tests/models/programs
--models`` measures the same corpus, both halves."""
import json
import re
from pathlib import Path

import pytest

import nnport
from nnport import api
from nnport.errors import NnportError
from nnport.options import ReadOptions, WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

CORPUS = Path(__file__).parent / "models" / "programs"
EXPECTED = {name: entry for name, entry in json.loads((CORPUS / "EXPECTED.json").read_text()).items()
            if name.startswith("keras/")}

# what the file does not say or nnport does not translate: the refusal names it
REFUSED = {
    "keras/resnet_subclass_block_builders.py": "padding 'same' with stride 2 depends on the input size",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_keras_program_migrates_and_verifies_as_it_stands(name, tmp_path, monkeypatch):
    source, model = CORPUS / name, EXPECTED[name]["model"]
    monkeypatch.chdir(tmp_path)  # a file reading its data finds none: what it computes from data stays open
    write, read = WriteOptions(target="torch", only_model=True), ReadOptions(model=model)
    if name in REFUSED:
        with pytest.raises(NnportError) as refused:
            api.migrate(source, write, read)
        errors = [str(d) for d in refused.value.diagnostics if d.severity == "error"]
        assert len(errors) == 1
        assert re.search(REFUSED[name], errors[0]), errors[0]
        return
    migrated = tmp_path / "migrated.py"
    migrated.write_text(api.migrate(source, write, read))
    result = nnport.verify(source, migrated, model=model, trials=1, batch=2)
    assert result.passed, result.summary()
