"""Image classifier subclass; a training script elsewhere builds it with the number of classes."""
import keras
from keras import layers


class SmallConvNet(keras.Model):
    def __init__(self, num_classes, width=16, **kwargs):
        super().__init__(**kwargs)
        self.conv_a = layers.Conv2D(width, 3, padding="same", activation="relu")
        self.conv_b = layers.Conv2D(width * 2, 3, activation="relu")
        self.down = layers.MaxPooling2D()
        self.pool = layers.GlobalAveragePooling2D()
        self.head = layers.Dense(num_classes)

    def call(self, images):
        return self.head(self.pool(self.conv_b(self.down(self.conv_a(images)))))
