"""LSTM sentiment classifier (subclassing): embedding, bidirectional LSTM, LSTM, dense sigmoid."""
import tensorflow as tf
from tensorflow.keras import layers

VOCAB_SIZE = 10000
MAX_LEN = 200


class SentimentLSTM(tf.keras.Model):
    def __init__(self, vocab_size=VOCAB_SIZE, embed_dim=64, hidden=32):
        super().__init__()
        self.embedding = layers.Embedding(vocab_size, embed_dim)
        self.bilstm = layers.Bidirectional(layers.LSTM(hidden, return_sequences=True))
        self.lstm = layers.LSTM(hidden)
        self.dropout = layers.Dropout(0.3)
        self.classifier = layers.Dense(1, activation="sigmoid")

    def call(self, tokens, training=False):
        x = self.embedding(tokens)
        x = self.bilstm(x)
        x = self.lstm(x)
        x = self.dropout(x, training=training)
        return self.classifier(x)


model = SentimentLSTM()
model.build((None, MAX_LEN))
model.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss="binary_crossentropy", metrics=["accuracy"])

if __name__ == "__main__":
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.imdb.load_data(num_words=VOCAB_SIZE)
    x_train = tf.keras.preprocessing.sequence.pad_sequences(x_train, maxlen=MAX_LEN)
    model.fit(x_train, y_train, epochs=3, batch_size=64, validation_split=0.2)
