"""Review sentiment: embeddings, a stacked LSTM and a sigmoid score; IMDB with padded sequences."""
import keras
from keras import layers

max_features = 2000
maxlen = 80

model = keras.Sequential()
model.add(keras.Input(shape=(maxlen,), dtype="int32"))
model.add(layers.Embedding(max_features, 32))
model.add(layers.LSTM(32, return_sequences=True))
model.add(layers.LSTM(16))
model.add(layers.Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.Adam(1e-3), metrics=["accuracy"])

if __name__ == "__main__":
    (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=max_features)
    x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
    x_test = keras.utils.pad_sequences(x_test, maxlen=maxlen)
    model.fit(x_train, y_train, batch_size=32, epochs=2, validation_data=(x_test, y_test))
