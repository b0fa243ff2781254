"""AlexNet as a keras.Model subclass."""
import keras
from keras import layers


class AlexNet(keras.Model):
    def __init__(self, num_classes=1000, dropout=0.5):
        super().__init__()
        self.conv1 = layers.Conv2D(96, 11, strides=4, activation="relu")
        self.pool1 = layers.MaxPooling2D(3, strides=2)
        self.conv2 = layers.Conv2D(256, 5, padding="same", activation="relu")
        self.pool2 = layers.MaxPooling2D(3, strides=2)
        self.conv3 = layers.Conv2D(384, 3, padding="same", activation="relu")
        self.conv4 = layers.Conv2D(384, 3, padding="same", activation="relu")
        self.conv5 = layers.Conv2D(256, 3, padding="same", activation="relu")
        self.pool3 = layers.MaxPooling2D(3, strides=2)
        self.flatten = layers.Flatten()
        self.fc1 = layers.Dense(4096, activation="relu")
        self.drop1 = layers.Dropout(dropout)
        self.fc2 = layers.Dense(4096, activation="relu")
        self.drop2 = layers.Dropout(dropout)
        self.classifier = layers.Dense(num_classes)

    def call(self, x, training=False):
        x = self.pool1(self.conv1(x))
        x = self.pool2(self.conv2(x))
        x = self.conv5(self.conv4(self.conv3(x)))
        x = self.flatten(self.pool3(x))
        x = self.drop1(self.fc1(x), training=training)
        x = self.drop2(self.fc2(x), training=training)
        return self.classifier(x)


model = AlexNet(num_classes=100)
model(keras.ops.zeros((1, 227, 227, 3)))
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
