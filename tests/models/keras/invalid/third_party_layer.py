import tensorflow as tf
import tensorflow_addons as tfa

inputs = tf.keras.Input(shape=(32, 32, 3))
x = tf.keras.layers.Conv2D(16, 3)(inputs)
x = tfa.layers.GroupNormalization(groups=4)(x)
model = tf.keras.Model(inputs, x)
