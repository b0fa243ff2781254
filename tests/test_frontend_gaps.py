"""Frontend gaps found by the migration tests: each case is read, migrated and verified."""
from backend_ir import migrate_and_verify

from nnport import api
from nnport.options import ReadOptions

SEQUENTIAL_SUBCLASS = '''
import keras
from keras import layers


class Classifier(keras.Sequential):
    def __init__(self, classes=10, **kwargs):
        super().__init__([keras.Input(shape=(12, 12, 3)), layers.Conv2D(4, 3, activation="relu")], **kwargs)
        self.add(layers.Flatten())
        self.add(layers.Dense(classes, name="logits"))


model = Classifier(5)
'''


def test_keras_sequential_subclass_is_read_as_a_sequential(tmp_path):
    source = tmp_path / "classifier.py"
    source.write_text(SEQUENTIAL_SUBCLASS)
    model = api.load(source, ReadOptions())
    net = model.network
    assert (net.name, net.style) == ("Classifier", "sequential")
    assert [(m.name, m.kind) for m in net.modules.values()] == [
        ("conv2d", "conv2d"), ("flatten", "flatten"), ("logits", "linear")]
    assert net.modules["logits"].attrs["out_features"] == 5
    assert net.graph.types[net.graph.inputs[0].outputs[0]].shape == (None, 12, 12, 3)


def test_keras_sequential_subclass_migrates_to_torch(tmp_path):
    code, result = migrate_and_verify(SEQUENTIAL_SUBCLASS, tmp_path, "torch")
    assert "nn.Linear(400, 5)" in code
    assert result.passed, result
