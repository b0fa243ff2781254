"""Text CNN-RNN (functional): two Conv1D branches concatenated, then a GRU."""
from tensorflow import keras
from tensorflow.keras import layers

vocab_size, seq_len = 5000, 100

inputs = keras.Input(shape=(seq_len,), dtype="int32", name="tokens")
x = layers.Embedding(vocab_size, 128)(inputs)
branch_a = layers.Conv1D(64, 3, padding="same", activation="relu")(x)
branch_b = layers.Conv1D(64, 5, padding="same", activation="relu")(x)
x = layers.Concatenate()([branch_a, branch_b])
x = layers.MaxPooling1D(2)(x)
x = layers.GRU(64)(x)
outputs = layers.Dense(4, activation="softmax")(x)
model = keras.Model(inputs, outputs, name="cnn_rnn")

model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
