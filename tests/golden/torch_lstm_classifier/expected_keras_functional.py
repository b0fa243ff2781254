"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers


def build_sentiment_lstm():
    tokens = keras.Input(shape=(25,), dtype="int64", name="tokens")
    embedded = layers.Embedding(1000, 32, name="embedding")(tokens)
    embedded = keras.Sequential(
        [layers.LSTM(48, return_sequences=True), layers.LSTM(48)], name="lstm"
    )(embedded)
    embedded = layers.Dropout(0.3, name="dropout")(embedded)
    embedded = layers.Dense(2, name="fc")(embedded)
    return keras.Model(tokens, embedded, name="sentiment_lstm")


def load_data():
    """Return (x_train, y_train), (x_test, y_test) as numpy arrays in the model's input layout."""
    raise NotImplementedError("the source loads its data with no dataset: fill in load_data()")


class TorchAdam(keras.optimizers.Adam):
    """keras.optimizers.Adam with torch's epsilon, added after the bias correction of the
    second moment: Keras' epsilon at step t is eps * sqrt(1 - beta_2 ** t)."""

    @property
    def epsilon(self):
        step = keras.ops.cast(self.iterations + 1, "float32")
        return self.torch_epsilon * keras.ops.sqrt(1.0 - keras.ops.power(self.beta_2, step))

    @epsilon.setter
    def epsilon(self, value):
        self.torch_epsilon = value

    def get_config(self):
        return {**super().get_config(), "epsilon": self.torch_epsilon}


def make_optimizer():
    return TorchAdam(learning_rate=0.002, epsilon=1e-08, beta_1=0.9, beta_2=0.999)


def make_callbacks():
    return []


def compile_model(model):
    model.compile(
        optimizer=make_optimizer(),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[],
    )
    return model


def train(model, x_train, y_train, epochs=1, batch_size=32, validation_data=None, shuffle=True):
    return model.fit(
        x_train,
        y_train,
        epochs=epochs,
        batch_size=batch_size,
        shuffle=shuffle,
        validation_data=validation_data,
        callbacks=make_callbacks(),
    )


def evaluate(model, x_test, y_test, batch_size=32):
    return model.evaluate(x_test, y_test, batch_size=batch_size, return_dict=True)


if __name__ == "__main__":
    model = compile_model(build_sentiment_lstm())
    (x_train, y_train), (x_test, y_test) = load_data()
    train(model, x_train, y_train)
    print("test", evaluate(model, x_test, y_test))
