"""A subclassed model made of custom residual block layers."""
import tensorflow as tf
from tensorflow.keras import layers


class ResidualBlock(layers.Layer):
    def __init__(self, filters, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = layers.Conv2D(filters, 3, padding="same", use_bias=False)
        self.bn1 = layers.BatchNormalization()
        self.conv2 = layers.Conv2D(filters, 3, padding="same", use_bias=False)
        self.bn2 = layers.BatchNormalization()

    def call(self, inputs, training=False):
        x = tf.nn.relu(self.bn1(self.conv1(inputs), training=training))
        x = self.bn2(self.conv2(x), training=training)
        return tf.nn.relu(x + inputs)


class ResNetSmall(tf.keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = layers.Conv2D(32, 3, padding="same", activation="relu")
        self.block1 = ResidualBlock(32)
        self.block2 = ResidualBlock(32)
        self.pool = layers.GlobalAveragePooling2D()
        self.fc = layers.Dense(num_classes)

    def call(self, inputs, training=False):
        x = self.stem(inputs)
        x = self.block1(x, training=training)
        x = self.block2(x, training=training)
        return self.fc(self.pool(x))


model = ResNetSmall()
model.build((None, 32, 32, 3))
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
