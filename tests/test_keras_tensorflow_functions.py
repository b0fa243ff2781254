"""tf.keras-era functional code calls TensorFlow functions on the model's tensors
(``tf.nn.depth_to_space(x, upscale_factor)``, ``tf.nn.relu(x)``): tf.keras wrapped each in a layer,
Keras 3 refuses them on its symbolic tensors. They are read, and run by verify, as the keras.ops
functions of the same meaning, so such a file verifies as it stands."""
import pytest
from backend_ir import migrate_and_verify

pytest.importorskip("torch")
pytest.importorskip("keras")

SUPER_RESOLUTION = '''import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def get_model(upscale_factor=3, channels=1):
    conv_args = {"activation": "relu", "kernel_initializer": "Orthogonal", "padding": "same"}
    inputs = keras.Input(shape=(None, None, channels))
    x = layers.Conv2D(16, 5, **conv_args)(inputs)
    x = layers.Conv2D(8, 3, **conv_args)(x)
    x = layers.Conv2D(channels * (upscale_factor ** 2), 3, **conv_args)(x)
    x = tf.nn.depth_to_space(x, upscale_factor)
    outputs = tf.nn.relu(x - tf.reduce_mean(x, axis=-1, keepdims=True))
    return keras.Model(inputs, outputs)


model = get_model(upscale_factor=3, channels=1)
'''


def test_tensorflow_functions_on_model_tensors_verify(tmp_path):
    code, result = migrate_and_verify(SUPER_RESOLUTION, tmp_path, "torch", name="sub_pixel.py")
    assert "pixel_shuffle" in code
    assert result.passed and result.max <= 1e-5, result.summary()
