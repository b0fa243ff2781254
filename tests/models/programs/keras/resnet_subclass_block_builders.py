"""Subclassed Keras ResNet: block classes with an expansion attribute, a _make_stage loop and resnet18/resnet50(**kwargs) builders."""
import keras
from keras import layers


class BasicBlock(layers.Layer):
    expansion = 1

    def __init__(self, filters, strides=1, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)
        self.bn1 = layers.BatchNormalization()
        self.conv2 = layers.Conv2D(filters, 3, padding="same", use_bias=False)
        self.bn2 = layers.BatchNormalization()
        self.strides = strides
        self.filters = filters

    def build(self, input_shape):
        self.shortcut = None
        if self.strides != 1 or input_shape[-1] != self.filters * self.expansion:
            self.shortcut = keras.Sequential([
                layers.Conv2D(self.filters * self.expansion, 1, strides=self.strides, use_bias=False),
                layers.BatchNormalization(),
            ])

    def call(self, x, training=False):
        out = keras.activations.relu(self.bn1(self.conv1(x), training=training))
        out = self.bn2(self.conv2(out), training=training)
        shortcut = x if self.shortcut is None else self.shortcut(x, training=training)
        return keras.activations.relu(out + shortcut)


class Bottleneck(layers.Layer):
    expansion = 4

    def __init__(self, filters, strides=1, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = layers.Conv2D(filters, 1, use_bias=False)
        self.bn1 = layers.BatchNormalization()
        self.conv2 = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)
        self.bn2 = layers.BatchNormalization()
        self.conv3 = layers.Conv2D(filters * self.expansion, 1, use_bias=False)
        self.bn3 = layers.BatchNormalization()
        self.strides = strides
        self.filters = filters

    def build(self, input_shape):
        self.shortcut = None
        if self.strides != 1 or input_shape[-1] != self.filters * self.expansion:
            self.shortcut = keras.Sequential([
                layers.Conv2D(self.filters * self.expansion, 1, strides=self.strides, use_bias=False),
                layers.BatchNormalization(),
            ])

    def call(self, x, training=False):
        out = keras.activations.relu(self.bn1(self.conv1(x), training=training))
        out = keras.activations.relu(self.bn2(self.conv2(out), training=training))
        out = self.bn3(self.conv3(out), training=training)
        shortcut = x if self.shortcut is None else self.shortcut(x, training=training)
        return keras.activations.relu(out + shortcut)


class ResNet(keras.Model):
    def __init__(self, block, num_blocks, num_classes=10, width=64, **kwargs):
        super().__init__(**kwargs)
        self.stem = keras.Sequential([
            layers.Conv2D(width, 3, padding="same", use_bias=False),
            layers.BatchNormalization(),
            layers.ReLU(),
        ])
        self.stages = [self._make_stage(block, width * 2 ** i, n, 1 if i == 0 else 2)
                       for i, n in enumerate(num_blocks)]
        self.pool = layers.GlobalAveragePooling2D()
        self.fc = layers.Dense(num_classes)

    @staticmethod
    def _make_stage(block, filters, n, strides):
        return keras.Sequential([block(filters, s) for s in [strides] + [1] * (n - 1)])

    def call(self, x, training=False):
        x = self.stem(x, training=training)
        for stage in self.stages:
            x = stage(x, training=training)
        return self.fc(self.pool(x))


def resnet18(**kwargs):
    return ResNet(BasicBlock, [2, 2, 2, 2], **kwargs)


def resnet50(**kwargs):
    return ResNet(Bottleneck, [3, 4, 6, 3], **kwargs)
