"""Subclassed CNN trained with a hand-written tf.GradientTape loop; keras.metrics.Mean / SparseCategoricalAccuracy track it."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import Model
from tensorflow.keras.layers import Conv2D, Dense, Flatten, MaxPooling2D


class SmallConvNet(Model):
    def __init__(self):
        super().__init__()
        self.conv1 = Conv2D(16, 3, activation="relu")
        self.pool = MaxPooling2D()
        self.flatten = Flatten()
        self.d1 = Dense(64, activation="relu")
        self.d2 = Dense(10)

    def call(self, x):
        x = self.pool(self.conv1(x))
        x = self.flatten(x)
        return self.d2(self.d1(x))


model = SmallConvNet()
loss_object = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.Adam()
train_loss = tf.keras.metrics.Mean(name="train_loss")
train_accuracy = tf.keras.metrics.SparseCategoricalAccuracy(name="train_accuracy")


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        predictions = model(images, training=True)
        loss = loss_object(labels, predictions)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    train_loss(loss)
    train_accuracy(labels, predictions)


images = np.random.rand(64, 28, 28, 1).astype("float32")
labels = np.random.randint(0, 10, size=(64,))
dataset = tf.data.Dataset.from_tensor_slices((images, labels)).batch(16)
for epoch in range(2):
    train_loss.reset_state()
    train_accuracy.reset_state()
    for batch_images, batch_labels in dataset:
        train_step(batch_images, batch_labels)
    print(f"epoch {epoch + 1}: loss {train_loss.result():.3f}, accuracy {train_accuracy.result():.3f}")
