"""Import forms: import keras as K, aliased layer names, keras.layers.X fully qualified."""
import keras as K
from keras.layers import Conv2D as Conv, Dense as FC
import keras.layers as L

model = K.models.Sequential()
model.add(L.InputLayer(shape=(16, 16, 3)))
model.add(Conv(8, 3, activation="relu"))
model.add(L.AveragePooling2D(2))
model.add(K.layers.GlobalMaxPooling2D())
model.add(FC(10))
model.compile(optimizer=K.optimizers.Adam(0.01), loss=K.losses.SparseCategoricalCrossentropy(from_logits=True))
