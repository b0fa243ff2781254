"""Keras 1 functional model: two Dense towers joined with merge([a, b], mode='concat'), Model(input=..., output=...)."""
from keras.layers import Dense, Dropout, Input, merge
from keras.models import Model

n_features = 40

inputs = Input(shape=(n_features,))
wide = Dense(64, activation="relu")(inputs)
deep = Dense(128, activation="relu")(inputs)
deep = Dropout(0.3)(deep)
deep = Dense(64, activation="relu")(deep)
merged = merge([wide, deep], mode="concat", concat_axis=-1)
summed = merge([wide, deep], mode="sum")
hidden = merge([merged, Dense(128)(summed)], mode="sum")
outputs = Dense(1, activation="sigmoid")(hidden)

model = Model(input=inputs, output=outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
