"""Sequential classifier written against module aliases: layers = tf.keras.layers, models = tf.keras.models."""
import numpy as np
import tensorflow as tf

layers = tf.keras.layers
models = tf.keras.models

model = models.Sequential([
    layers.Input(shape=(28, 28)),
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.3),
    layers.Dense(64, activation="relu"),
    layers.Dense(10),
])
model.compile(
    optimizer=tf.keras.optimizers.Adam(1e-3),
    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)

x = np.random.rand(256, 28, 28).astype("float32")
y = np.random.randint(0, 10, size=(256,))
model.fit(x, y, epochs=1, batch_size=32, verbose=0)
