"""Text classifier in the functional API: embeddings, a 1-D convolution, a GRU, a softmax head;
trained with Adam and early stopping on the validation loss."""
import keras
from keras import layers

tokens = keras.Input(shape=(60,), dtype="int32")
x = layers.Embedding(5000, 32)(tokens)
x = layers.Conv1D(32, 5, padding="same", activation="relu")(x)
x = layers.MaxPooling1D(2)(x)
x = layers.GRU(24)(x)
x = layers.Dropout(0.3)(x)
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model(tokens, outputs)

model.compile(optimizer=keras.optimizers.Adam(learning_rate=5e-4),
              loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])

if __name__ == "__main__":
    import numpy as np

    x_train = np.random.randint(0, 5000, size=(800, 60))
    y_train = np.random.randint(0, 3, size=(800,))
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    model.fit(x_train, y_train, epochs=10, batch_size=32, validation_split=0.25, callbacks=[stop])
