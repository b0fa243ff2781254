"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers


class SentimentLSTM(keras.Model):
    def __init__(self, vocab_size=1000, embed_dim=32, hidden_dim=48, num_classes=2, **kwargs):
        super().__init__(**kwargs)
        self.embedding = layers.Embedding(vocab_size, embed_dim)
        self.lstm = keras.Sequential(
            [layers.LSTM(hidden_dim, return_sequences=True), layers.LSTM(hidden_dim)]
        )
        self.dropout = layers.Dropout(0.3)
        self.fc = layers.Dense(num_classes)

    def call(self, tokens, training=None):
        embedded = self.embedding(tokens)
        embedded = self.lstm(embedded)
        embedded = self.dropout(embedded)
        embedded = self.fc(embedded)
        return embedded


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


class TwoBiasesTorchAdam(TorchAdam):
    """TorchAdam moving each recurrent cell's bias twice as far: PyTorch trains two biases
    (b_ih, b_hh) with the same gradient, whose sum is this one bias."""

    two_biases = ("lstm_cell/bias",)

    def build(self, variables):
        super().build(variables)
        self.twice = [
            self._get_variable_index(v) for v in variables if v.path.endswith(self.two_biases)
        ]

    def update_step(self, gradient, variable, learning_rate):
        if self._get_variable_index(variable) not in self.twice:
            return super().update_step(gradient, variable, learning_rate)
        before = keras.ops.copy(variable)
        super().update_step(gradient, variable, learning_rate)
        self.assign_add(variable, keras.ops.subtract(variable, before))  # the same step once more


def make_optimizer():
    return TwoBiasesTorchAdam(learning_rate=0.002, epsilon=1e-08, beta_1=0.9, beta_2=0.999)


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
    model = compile_model(SentimentLSTM())
    (x_train, y_train), (x_test, y_test) = load_data()
    train(model, x_train, y_train)
    print("test", evaluate(model, x_test, y_test))
