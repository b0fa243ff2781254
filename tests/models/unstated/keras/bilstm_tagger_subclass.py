"""Subclassed keras.Model: Embedding(5000, 64), Bidirectional(LSTM(32)), Dense classifier in call()."""
import keras
from keras import layers


class SentenceClassifier(keras.Model):
    def __init__(self, vocab_size=5000, embed_dim=64, units=32, num_classes=5, **kwargs):
        super().__init__(**kwargs)
        self.embedding = layers.Embedding(vocab_size, embed_dim)
        self.bilstm = layers.Bidirectional(layers.LSTM(units))
        self.dense = layers.Dense(64, activation="relu")
        self.classifier = layers.Dense(num_classes, activation="softmax")

    def call(self, inputs):
        x = self.embedding(inputs)
        x = self.bilstm(x)
        x = self.dense(x)
        return self.classifier(x)


model = SentenceClassifier()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
