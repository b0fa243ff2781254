"""Subclassed image classifier: Conv2D / MaxPooling2D / Flatten / Dense layers built in __init__."""
import keras
from keras import layers


class ConvClassifier(keras.Model):
    def __init__(self, num_classes=10):
        super(ConvClassifier, self).__init__()
        self.conv1 = layers.Conv2D(32, 3, activation="relu")
        self.pool1 = layers.MaxPooling2D()
        self.conv2 = layers.Conv2D(64, 3, activation="relu")
        self.pool2 = layers.MaxPooling2D()
        self.flatten = layers.Flatten()
        self.d1 = layers.Dense(128, activation="relu")
        self.d2 = layers.Dense(num_classes)

    def call(self, x):
        x = self.pool1(self.conv1(x))
        x = self.pool2(self.conv2(x))
        x = self.flatten(x)
        x = self.d1(x)
        return self.d2(x)
