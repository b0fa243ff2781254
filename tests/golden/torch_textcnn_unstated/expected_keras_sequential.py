"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


class TextCNN(keras.Sequential):
    def __init__(self, **kwargs):
        super().__init__(
            [
                layers.Embedding(5000, 100, name="embedding"),
                layers.Conv1D(64, 3, padding="same", name="conv"),
                layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="bn"),
                layers.ReLU(name="x_3"),
                layers.GlobalMaxPooling1D(keepdims=True, name="pool"),
                layers.Lambda(lambda x: ops.squeeze(x, axis=1), name="x_4"),
                layers.Dense(2, name="fc"),
            ],
            **kwargs,
        )
