"""Keras 2 convnet with layers from keras.layers.convolutional/.pooling/.normalization; the BN axis follows the data format."""
from keras import backend as K
from keras.layers import Activation, Dense, Input
from keras.layers.convolutional import Conv2D
from keras.layers.normalization import BatchNormalization
from keras.layers.pooling import GlobalAveragePooling2D, MaxPooling2D
from keras.models import Model

if K.image_data_format() == "channels_first":
    input_shape = (3, 48, 48)
    channel_axis = 1
else:
    input_shape = (48, 48, 3)
    channel_axis = -1


def conv_bn(x, filters):
    x = Conv2D(filters, (3, 3), padding="same", use_bias=False)(x)
    x = BatchNormalization(axis=channel_axis)(x)
    return Activation("relu")(x)


img_input = Input(shape=input_shape)
x = conv_bn(img_input, 32)
x = MaxPooling2D((2, 2))(x)
x = conv_bn(x, 64)
x = MaxPooling2D((2, 2))(x)
x = conv_bn(x, 128)
x = GlobalAveragePooling2D()(x)
predictions = Dense(7, activation="softmax")(x)
model = Model(img_input, predictions)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
