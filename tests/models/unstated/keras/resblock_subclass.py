"""Subclassed CNN with a residual block: two same-padded Conv2D and layers.add with the block input."""
import keras
from keras import layers


class ResidualCNN(keras.Model):
    def __init__(self, filters=32, num_classes=10):
        super().__init__()
        self.stem = layers.Conv2D(filters, 3, padding="same", activation="relu")
        self.conv_a = layers.Conv2D(filters, 3, padding="same", activation="relu")
        self.conv_b = layers.Conv2D(filters, 3, padding="same")
        self.bn = layers.BatchNormalization()
        self.relu = layers.Activation("relu")
        self.pool = layers.GlobalAveragePooling2D()
        self.fc = layers.Dense(num_classes)

    def call(self, x):
        x = self.stem(x)
        y = self.conv_a(x)
        y = self.bn(self.conv_b(y))
        x = self.relu(layers.add([x, y]))
        return self.fc(self.pool(x))
