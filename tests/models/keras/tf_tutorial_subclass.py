"""The TensorFlow tutorial CNN written as a Model subclass."""
import tensorflow as tf
from tensorflow.keras import layers


class TutorialCNN(tf.keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = layers.Conv2D(32, (3, 3), activation="relu")
        self.pool1 = layers.MaxPooling2D((2, 2))
        self.conv2 = layers.Conv2D(64, (3, 3), activation="relu")
        self.pool2 = layers.MaxPooling2D((2, 2))
        self.conv3 = layers.Conv2D(64, (3, 3), activation="relu")
        self.flatten = layers.Flatten()
        self.fc1 = layers.Dense(64, activation="relu")
        self.fc2 = layers.Dense(num_classes)

    def call(self, inputs, training=None):
        x = self.pool1(self.conv1(inputs))
        x = self.pool2(self.conv2(x))
        x = self.conv3(x)
        x = self.flatten(x)
        x = self.fc1(x)
        return self.fc2(x)


model = TutorialCNN()
model.build((None, 32, 32, 3))
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])

if __name__ == "__main__":
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
    x_train = x_train / 255.0
    model.fit(x_train, y_train, epochs=5, batch_size=64)
