"""VGG variants for 32 x 32 images as Keras Sequential models built from a cfgs table by make_vgg(name, **kwargs)."""
import keras
from keras import layers

CFGS = {
    "vgg11": [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "vgg13": [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
}


def make_vgg(name, num_classes=10, batch_norm=True, input_shape=(32, 32, 3)):
    model = keras.Sequential(name=name)
    model.add(keras.Input(shape=input_shape))
    for v in CFGS[name]:
        if v == "M":
            model.add(layers.MaxPooling2D(pool_size=2, strides=2))
            continue
        model.add(layers.Conv2D(v, 3, padding="same", use_bias=not batch_norm))
        if batch_norm:
            model.add(layers.BatchNormalization())
        model.add(layers.ReLU())
    model.add(layers.Flatten())
    model.add(layers.Dropout(0.5))
    model.add(layers.Dense(num_classes))
    return model


def vgg11(**kwargs):
    return make_vgg("vgg11", **kwargs)


def vgg13(**kwargs):
    return make_vgg("vgg13", **kwargs)


model = vgg11(num_classes=10)
