"""A model returned by a builder function with hyper-parameters."""
from tensorflow.keras import layers, models, optimizers


def build_model(input_dim=30, hidden=(64, 64), dropout=0.2, lr=1e-3):
    model = models.Sequential()
    model.add(layers.Dense(hidden[0], activation="relu", input_shape=(input_dim,)))
    for units in hidden[1:]:
        model.add(layers.Dropout(dropout))
        model.add(layers.Dense(units, activation="relu"))
    model.add(layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer=optimizers.Adam(learning_rate=lr), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model


model = build_model(hidden=(128, 64, 32))
