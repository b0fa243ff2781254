"""Sensor sequence encoder (functional): LSTM and bidirectional GRU final states as features,
two heads (activity class and remaining time) trained with one loss per output."""
import keras
from keras import layers

TIMESTEPS, CHANNELS, CLASSES = 40, 6, 5

inputs = keras.Input(shape=(TIMESTEPS, CHANNELS), name="signals")
sequence, state_h, state_c = layers.LSTM(32, return_sequences=True, return_state=True)(inputs)
_, forward_h, backward_h = layers.Bidirectional(layers.GRU(16, return_state=True))(sequence)
features = layers.concatenate([state_h, state_c, forward_h, backward_h])
features = layers.Dense(64, activation="relu")(features)
features = layers.Dropout(0.2)(features)
activity = layers.Dense(CLASSES, activation="softmax", name="activity")(features)
remaining = layers.Dense(CLASSES, activation="softmax", name="remaining")(features)
model = keras.Model(inputs, [activity, remaining], name="sequence_states")

if __name__ == "__main__":
    import numpy as np

    # Keras 2 spelling: decay= was removed from Keras 3 optimizers
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3, decay=1e-4),
                  loss={"activity": "categorical_crossentropy", "remaining": "categorical_crossentropy"},
                  metrics={"activity": ["accuracy"], "remaining": ["accuracy", "mae"]})
    x = np.random.rand(256, TIMESTEPS, CHANNELS).astype("float32")
    y = keras.utils.to_categorical(np.random.randint(0, CLASSES, 256), CLASSES)
    model.fit(x, [y, y], epochs=5, batch_size=32, validation_split=0.1)
