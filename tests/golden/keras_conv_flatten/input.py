"""Keras image classifier whose convolutions end in Flatten + Dense (channels-last flatten order)."""
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential(
    [
        layers.Conv2D(8, (3, 3), activation="relu", input_shape=(28, 28, 1)),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(16, (3, 3), strides=2, padding="same", activation="relu"),
        layers.Flatten(),
        layers.Dense(32, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

if __name__ == "__main__":
    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    model.fit(x_train[..., None] / 255.0, y_train, epochs=2, batch_size=128)
