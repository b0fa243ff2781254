"""A functional MLP built in a loop with static bounds; dense blocks with layer norm."""
import keras
from keras import layers

DEPTH = 3
WIDTH = 48

inputs = keras.Input(shape=(24,))
x = inputs
for i in range(DEPTH):
    h = layers.Dense(WIDTH, activation="gelu", name=f"dense_block_{i}")(x)
    x = h if i == 0 else layers.Add()([x, h])
    x = layers.LayerNormalization()(x)
outputs = layers.Dense(5, activation="softmax")(x)
model = keras.Model(inputs, outputs, name="loop_mlp")
model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-4), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
