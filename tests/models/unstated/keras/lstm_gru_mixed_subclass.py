"""Subclassed sensor-sequence classifier: LSTM returning sequences, then GRU, LayerNormalization, Dense."""
from tensorflow import keras
from tensorflow.keras import layers


class SensorRNN(keras.Model):
    def __init__(self, num_classes=6):
        super(SensorRNN, self).__init__()
        self.lstm = layers.LSTM(64, return_sequences=True)
        self.gru = layers.GRU(32)
        self.norm = layers.LayerNormalization()
        self.dense = layers.Dense(32, activation="tanh")
        self.out = layers.Dense(num_classes, activation="softmax")

    def call(self, x):
        x = self.lstm(x)
        x = self.gru(x)
        x = self.norm(x)
        return self.out(self.dense(x))


model = SensorRNN()
