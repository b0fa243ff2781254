"""Subclassed Keras classifier whose constructor requires num_classes; the class is imported and built by a training script."""
import keras
from keras import layers


class ConvClassifier(keras.Model):
    def __init__(self, num_classes, width=32, dropout=0.25, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = layers.Conv2D(width, 3, padding="same", activation="relu")
        self.conv2 = layers.Conv2D(width * 2, 3, padding="same", activation="relu")
        self.pool = layers.MaxPooling2D()
        self.gap = layers.GlobalAveragePooling2D()
        self.dropout = layers.Dropout(dropout)
        self.classifier = layers.Dense(num_classes, activation="softmax")

    def call(self, inputs, training=False):
        x = self.pool(self.conv1(inputs))
        x = self.pool(self.conv2(x))
        x = self.dropout(self.gap(x), training=training)
        return self.classifier(x)
