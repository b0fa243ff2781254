"""Model files written as people write them, with no input shape anywhere (tests/models/unstated/):
each migrates with no shape given and verifies in both layouts, or is refused with its reason.

The same corpus is measured, with counts per class, by ``python -m benchmarks.unstated_shapes``.
"""
from pathlib import Path

import pytest

from nnport import api
from nnport.errors import NnportError
from nnport.options import WriteOptions

torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

CORPUS = Path(__file__).parent / "models" / "unstated"
FILES = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.glob("*/*.py"))
OTHER = {"torch": "keras", "keras": "torch"}

# What a file does not say and nnport will not guess: the refusal names it (and the flag).
REFUSED = {
    "keras/conv_autoencoder_sequential.py": "padding 'same' with stride 2 depends on the input size",
    "keras/dcgan_discriminator_sequential.py": "padding 'same' with stride 2 depends on the input size",
    "keras/separable_conv_sequential.py": "padding 'same' with stride 2 depends on the input size",
    "keras/lstm_forecaster.py": "input_size unknown; give the input shape",
    "keras/lstm_gru_mixed_subclass.py": "input_size unknown; give the input shape",
    "keras/simplernn_sequential.py": "input_size unknown; give the input shape",
    "torch/resnet_tiny.py": r"kernel_size=out.size\(\)\[3\] depends on a tensor's size",
    "torch/se_cnn.py": r"shape=\(b, c\) depends on a tensor's size",
}


@pytest.mark.parametrize("layout", ["source", "native"])
@pytest.mark.parametrize("name", FILES)
def test_migrates_and_verifies_with_no_shape_given(name, layout, tmp_path):
    source = CORPUS / name
    target = OTHER[source.parent.name]
    write = WriteOptions(target=target, layout=layout, only_model=True)
    if name in REFUSED:
        with pytest.raises(NnportError, match=REFUSED[name]):
            api.migrate(source, write)
        return
    migrated = tmp_path / f"{source.stem}_{target}.py"
    migrated.write_text(api.migrate(source, write))
    result = api_verify(source, migrated, layout)
    assert result.passed, f"{result.summary()}\n{migrated.read_text()}"
    assert not result.first_diverging


def api_verify(source: Path, migrated: Path, layout: str):
    import nnport

    return nnport.verify(source, migrated, layout=layout, trials=2, batch=2)


def test_the_corpus_is_the_size_the_benchmark_reports():
    assert len([f for f in FILES if f.startswith("torch/")]) >= 60
    assert len([f for f in FILES if f.startswith("keras/")]) >= 20
