"""A tf.keras-era token-and-position embedding (positions from tf.range over the sequence,
tf.shape(x)[-1] long) under a subclassed classifier that states no input shape."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super(TokenAndPositionEmbedding, self).__init__()
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = tf.shape(x)[-1]
        positions = tf.range(start=0, limit=maxlen, delta=1)
        positions = self.pos_emb(positions)
        x = self.token_emb(x)
        return x + positions


class TextClassifier(keras.Model):
    def __init__(self, maxlen=50, vocab_size=1000, embed_dim=24, num_classes=4):
        super(TextClassifier, self).__init__()
        self.embedding = TokenAndPositionEmbedding(maxlen, vocab_size, embed_dim)
        self.norm = layers.LayerNormalization(epsilon=1e-6)
        self.pool = layers.GlobalAveragePooling1D()
        self.classifier = layers.Dense(num_classes)

    def call(self, inputs):
        x = self.norm(self.embedding(inputs))
        return self.classifier(self.pool(x))


model = TextClassifier()
