"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


class TextCNN(keras.Sequential):
    def __init__(self, vocab_size=5000, embed_dim=100, n_filters=64, n_classes=2, **kwargs):
        super().__init__(
            [
                layers.Embedding(vocab_size, embed_dim, name="embedding"),
                layers.Conv1D(n_filters, 3, padding="same", name="conv"),
                layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="bn"),
                layers.ReLU(name="x_3"),
                layers.GlobalMaxPooling1D(keepdims=True, name="pool"),
                layers.Lambda(lambda x: ops.squeeze(x, axis=1), name="x_4"),
                layers.Dense(n_classes, name="fc"),
            ],
            **kwargs,
        )
