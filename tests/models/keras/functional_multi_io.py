"""Functional model with two inputs and two outputs (keras.io multi-input example, small)."""
import keras
from keras import layers

num_words, num_tags, num_departments = 1000, 12, 4

title_input = keras.Input(shape=(None,), name="title")
tags_input = keras.Input(shape=(num_tags,), name="tags")
title_features = layers.Embedding(num_words, 64)(title_input)
title_features = layers.GlobalAveragePooling1D()(title_features)
x = layers.concatenate([title_features, tags_input])
priority_pred = layers.Dense(1, name="priority")(x)
department_pred = layers.Dense(num_departments, name="department")(x)

model = keras.Model(inputs=[title_input, tags_input], outputs=[priority_pred, department_pred])
model.compile(optimizer=keras.optimizers.RMSprop(1e-3),
              loss="mse")
