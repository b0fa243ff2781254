"""Review classifier (subclassing) that keeps the LSTM's final hidden and cell states."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

VOCAB, MAX_LEN, CLASSES = 5000, 25, 4


class StateClassifier(keras.Model):
    def __init__(self, vocab=VOCAB, embed_dim=32, units=48):
        super().__init__()
        self.embedding = layers.Embedding(vocab, embed_dim)
        self.encoder = layers.LSTM(units, return_state=True)
        self.states = layers.Concatenate()
        self.norm = layers.LayerNormalization()
        self.head = layers.Dense(CLASSES)

    def call(self, tokens):
        x = self.embedding(tokens)
        _, hidden, cell = self.encoder(x)
        x = self.states([hidden, cell])
        return self.head(self.norm(x))


model = StateClassifier()
model.build((None, MAX_LEN))

if __name__ == "__main__":
    # Keras 2 spelling: lr= and decay= (Keras 3 refuses both)
    model.compile(optimizer=keras.optimizers.SGD(lr=0.05, momentum=0.9, decay=1e-3),
                  loss=[keras.losses.SparseCategoricalCrossentropy(from_logits=True)], metrics=["accuracy"])
    (x_train, y_train), _ = tf.keras.datasets.reuters.load_data(num_words=VOCAB)
    x_train = keras.utils.pad_sequences(x_train, maxlen=MAX_LEN) % VOCAB
    model.fit(x_train, y_train % CLASSES, epochs=4, batch_size=64)
