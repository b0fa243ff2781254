"""Two-branch functional model: a wide path and a deep path over the same features, concatenated;
trained with Adam, early stopping and a learning-rate reduction on plateau."""
import keras
from keras import layers

inputs = keras.Input(shape=(16,), name="features")
wide = layers.Dense(8, activation="relu", name="wide")(inputs)
deep = layers.Dense(32, activation="relu", name="deep_1")(inputs)
deep = layers.BatchNormalization(name="deep_bn")(deep)
deep = layers.Dense(16, activation="tanh", name="deep_2")(deep)
merged = layers.Concatenate(name="merge")([wide, deep])
outputs = layers.Dense(1, activation="sigmoid", name="score")(merged)
model = keras.Model(inputs=inputs, outputs=outputs)

model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss="binary_crossentropy",
              metrics=["accuracy"])

if __name__ == "__main__":
    import numpy as np

    x = np.random.rand(1000, 16).astype("float32")
    y = (x.sum(axis=1) > 8).astype("float32")
    callbacks = [
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=3),
        keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2),
    ]
    model.fit(x, y, batch_size=32, epochs=20, validation_split=0.2, callbacks=callbacks)
