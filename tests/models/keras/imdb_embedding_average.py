"""IMDB sentiment from integer-encoded reviews: word embeddings averaged over the review, then a
sigmoid unit (the TensorFlow text-classification tutorial on keras.datasets.imdb)."""
import keras
from keras import layers

max_features = 10000
sequence_length = 250
embedding_dim = 16

model = keras.Sequential([
    keras.Input(shape=(sequence_length,), dtype="int64"),
    layers.Embedding(max_features, embedding_dim),
    layers.Dropout(0.2),
    layers.GlobalAveragePooling1D(),
    layers.Dropout(0.2),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(loss=keras.losses.BinaryCrossentropy(), optimizer="adam", metrics=["accuracy"])

if __name__ == "__main__":
    (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=max_features)
    x_train = keras.utils.pad_sequences(x_train, maxlen=sequence_length)
    x_test = keras.utils.pad_sequences(x_test, maxlen=sequence_length)
    history = model.fit(x_train, y_train, validation_data=(x_test, y_test), epochs=10, batch_size=32)
