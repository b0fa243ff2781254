"""Fashion-MNIST convnet; image and training sizes set by tuple unpacking, input_shape assembled from them."""
import keras
from keras import layers

img_rows, img_cols, channels = 28, 28, 1
batch_size, num_classes, epochs = 128, 10, 12
input_shape = (img_rows, img_cols, channels)

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, *input_shape).astype("float32") / 255.0
x_test = x_test.reshape(-1, *input_shape).astype("float32") / 255.0

model = keras.Sequential(
    [
        keras.Input(shape=input_shape),
        layers.Conv2D(32, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(num_classes, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.1)
