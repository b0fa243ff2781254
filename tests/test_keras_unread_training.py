"""A training component whose arguments cannot be read (a checkpoint path computed at run time,
a factor from numpy) is left out of the training code with a warning; the model is still migrated."""
import pytest
from backend_ir import migrate_and_verify

from nnport import api
from nnport.errors import Reporter
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

CIFAR_WITH_CALLBACKS = '''
import os

import keras
from keras import layers

save_dir = os.path.join(os.getcwd(), "saved_models")
filepath = os.path.join(save_dir, "cifar10_model.{epoch:03d}.h5")

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy", metrics=["accuracy"])
checkpoint = keras.callbacks.ModelCheckpoint(filepath=filepath, monitor="val_accuracy", save_best_only=True)
(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
model.fit(x_train, keras.utils.to_categorical(y_train, 10), batch_size=32, epochs=2, callbacks=[checkpoint])
'''


def test_a_callback_with_a_run_time_argument_is_left_out_not_a_refusal(tmp_path):
    path = tmp_path / "cifar.py"
    path.write_text(CIFAR_WITH_CALLBACKS)
    reporter = Reporter()
    code = api.migrate(path, WriteOptions(target="torch"), reporter=reporter)
    left_out = [d for d in reporter.diagnostics if "model_checkpoint is left out of the training code" in d.message]
    assert left_out and left_out[0].severity == "warning" and left_out[0].loc.line == 17
    assert not reporter.errors
    assert "torch.optim.Adam" in code and "ModelCheckpoint" in code  # named where the training code leaves it out
    _, result = migrate_and_verify(CIFAR_WITH_CALLBACKS, tmp_path, "torch")
    assert result.passed, result.summary()
