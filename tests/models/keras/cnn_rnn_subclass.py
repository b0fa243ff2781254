"""The CNN-RNN text model as a subclass; branches merged with tf.concat."""
import tensorflow as tf
from tensorflow.keras import layers


class CnnRnn(tf.keras.Model):
    def __init__(self, vocab_size=5000, num_classes=4):
        super().__init__()
        self.embed = layers.Embedding(vocab_size, 128)
        self.conv3 = layers.Conv1D(64, 3, padding="same", activation="relu")
        self.conv5 = layers.Conv1D(64, 5, padding="same", activation="relu")
        self.pool = layers.MaxPooling1D(2)
        self.gru = layers.GRU(64)
        self.head = layers.Dense(num_classes)

    def call(self, tokens):
        x = self.embed(tokens)
        x = tf.concat([self.conv3(x), self.conv5(x)], axis=-1)
        x = self.pool(x)
        return self.head(self.gru(x))


model = CnnRnn()
model.build((None, 100))
model.compile(optimizer="rmsprop", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
