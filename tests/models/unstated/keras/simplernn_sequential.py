"""SimpleRNN sequence classifier over float features, with a Dense softmax head."""
import keras
from keras import layers

model = keras.Sequential()
model.add(layers.SimpleRNN(128, activation="tanh"))
model.add(layers.Dense(64, activation="relu"))
model.add(layers.Dense(10, activation="softmax"))

model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(),
    optimizer="sgd",
    metrics=["accuracy"],
)

if __name__ == "__main__":
    for layer in model.layers:
        print(layer.name)
