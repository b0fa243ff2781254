"""VGG16 built with a Python loop over a configuration, Sequential .add."""
from tensorflow import keras
from tensorflow.keras import layers

CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


def build_vgg16(input_shape=(64, 64, 3), num_classes=10):
    model = keras.Sequential(name="vgg16")
    model.add(keras.Input(shape=input_shape))
    for v in CFG:
        if v == "M":
            model.add(layers.MaxPooling2D(pool_size=2, strides=2))
        else:
            model.add(layers.Conv2D(v, kernel_size=3, padding="same", activation="relu"))
    model.add(layers.Flatten())
    model.add(layers.Dense(512, activation="relu"))
    model.add(layers.Dropout(0.5))
    model.add(layers.Dense(512, activation="relu"))
    model.add(layers.Dropout(0.5))
    model.add(layers.Dense(num_classes, activation="softmax"))
    return model


model = build_vgg16()
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
