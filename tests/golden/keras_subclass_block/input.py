"""A Keras Model subclass built from a custom convolutional block Layer."""
import keras
from keras import layers


class ConvBlock(layers.Layer):
    def __init__(self, filters, **kwargs):
        super().__init__(**kwargs)
        self.conv = layers.Conv2D(filters, 3, padding="same")
        self.bn = layers.BatchNormalization()
        self.pool = layers.MaxPooling2D(2)

    def call(self, x, training=False):
        x = self.conv(x)
        x = self.bn(x, training=training)
        return self.pool(keras.activations.relu(x))


class SmallCNN(keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.block1 = ConvBlock(16)
        self.block2 = ConvBlock(32)
        self.gap = layers.GlobalAveragePooling2D()
        self.dropout = layers.Dropout(0.25)
        self.classifier = layers.Dense(num_classes)

    def call(self, x, training=False):
        x = self.block2(self.block1(x, training=training), training=training)
        return self.classifier(self.dropout(self.gap(x), training=training))


model = SmallCNN()
model.build((None, 32, 32, 3))
