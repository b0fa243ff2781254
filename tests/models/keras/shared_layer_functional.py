"""Siamese network: one Dense tower applied to two inputs (shared weights), merged by Subtract."""
import tensorflow as tf

left = tf.keras.Input(shape=(32,))
right = tf.keras.Input(shape=(32,))
shared = tf.keras.layers.Dense(16, activation="relu")
encoded_left = shared(left)
encoded_right = shared(right)
diff = tf.keras.layers.Subtract()([encoded_left, encoded_right])
distance = tf.keras.layers.Multiply()([diff, diff])
score = tf.keras.layers.Dense(1, activation="sigmoid")(distance)
model = tf.keras.Model(inputs=[left, right], outputs=score)
model.compile(optimizer="adam", loss="binary_crossentropy")
