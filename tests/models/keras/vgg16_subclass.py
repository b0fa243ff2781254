"""VGG16 subclass: feature blocks as a list of layers built in a loop."""
import tensorflow as tf

CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


class VGG16(tf.keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = []
        for v in CFG:
            if v == "M":
                self.features.append(tf.keras.layers.MaxPooling2D(2, 2))
            else:
                self.features.append(tf.keras.layers.Conv2D(v, 3, padding="same", activation="relu"))
        self.flatten = tf.keras.layers.Flatten()
        self.fc1 = tf.keras.layers.Dense(512, activation="relu")
        self.fc2 = tf.keras.layers.Dense(512, activation="relu")
        self.out = tf.keras.layers.Dense(num_classes)

    def call(self, inputs):
        x = inputs
        for layer in self.features:
            x = layer(x)
        x = self.flatten(x)
        return self.out(self.fc2(self.fc1(x)))


model = VGG16()
model.build((None, 32, 32, 3))
