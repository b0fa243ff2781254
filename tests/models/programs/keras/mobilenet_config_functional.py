"""MobileNet-style functional network: a table of (filters, stride) tuples drives depthwise-separable blocks; build(**kwargs)."""
import keras
from keras import layers

# (pointwise filters, depthwise stride)
BLOCKS = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + [(512, 1)] * 3 + [(1024, 2)]


def depthwise_block(x, filters, stride, alpha, block_id):
    pointwise = int(filters * alpha)
    x = layers.DepthwiseConv2D(3, strides=stride, padding="same", use_bias=False, name=f"conv_dw_{block_id}")(x)
    x = layers.BatchNormalization(name=f"conv_dw_{block_id}_bn")(x)
    x = layers.ReLU(6.0, name=f"conv_dw_{block_id}_relu")(x)
    x = layers.Conv2D(pointwise, 1, padding="same", use_bias=False, name=f"conv_pw_{block_id}")(x)
    x = layers.BatchNormalization(name=f"conv_pw_{block_id}_bn")(x)
    return layers.ReLU(6.0, name=f"conv_pw_{block_id}_relu")(x)


def build(input_shape=(96, 96, 3), alpha=1.0, num_classes=1000, dropout=1e-3, blocks=BLOCKS):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(int(32 * alpha), 3, strides=2, padding="same", use_bias=False, name="conv1")(inputs)
    x = layers.BatchNormalization(name="conv1_bn")(x)
    x = layers.ReLU(6.0, name="conv1_relu")(x)
    for block_id, (filters, stride) in enumerate(blocks, start=1):
        x = depthwise_block(x, filters, stride, alpha, block_id)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(dropout)(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name=f"mobilenet_{alpha:.2f}")


def mobilenet_half(**kwargs):
    return build(alpha=0.5, **kwargs)


model = mobilenet_half(num_classes=5)
