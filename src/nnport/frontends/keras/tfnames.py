"""Names outside the catalog's Keras spellings: TensorFlow equivalents and Keras 1 leftovers.

TensorFlow functions with a keras.ops twin are read as the twin (same positional order;
only keyword names differ). Keras 1 names removed long ago get a message saying what to write.
"""

# tf name -> (keras name, {tf keyword: keras keyword})
TF_TWINS = {
    "tensorflow.concat": ("keras.ops.concatenate", {"values": "xs"}),
    "tensorflow.reshape": ("keras.ops.reshape", {"tensor": "x"}),
    "tensorflow.transpose": ("keras.ops.transpose", {"a": "x", "perm": "axes"}),
    "tensorflow.squeeze": ("keras.ops.squeeze", {"input": "x"}),
    "tensorflow.expand_dims": ("keras.ops.expand_dims", {"input": "x"}),
    "tensorflow.matmul": ("keras.ops.matmul", {"a": "x1", "b": "x2"}),
    "tensorflow.add": ("keras.ops.add", {"x": "x1", "y": "x2"}),
    "tensorflow.multiply": ("keras.ops.multiply", {"x": "x1", "y": "x2"}),
    "tensorflow.subtract": ("keras.ops.subtract", {"x": "x1", "y": "x2"}),
    "tensorflow.sigmoid": ("keras.activations.sigmoid", {}),
    "tensorflow.tanh": ("keras.activations.tanh", {}),
    "tensorflow.nn.softmax": ("keras.activations.softmax", {"logits": "x"}),
    "tensorflow.nn.log_softmax": ("keras.activations.log_softmax", {"logits": "x"}),
    "tensorflow.nn.leaky_relu": ("keras.activations.leaky_relu", {"features": "x", "alpha": "negative_slope"}),
}
for _reduce, _op in (("reduce_mean", "mean"), ("reduce_sum", "sum"), ("reduce_max", "max"), ("reduce_min", "min")):
    TF_TWINS[f"tensorflow.{_reduce}"] = (f"keras.ops.{_op}", {"input_tensor": "x"})
    TF_TWINS[f"tensorflow.math.{_reduce}"] = (f"keras.ops.{_op}", {"input_tensor": "x"})
for _act in ("relu", "relu6", "elu", "selu", "sigmoid", "tanh", "gelu", "silu", "swish", "softplus", "softsign"):
    TF_TWINS[f"tensorflow.nn.{_act}"] = (f"keras.activations.{_act}", {"features": "x"})
    TF_TWINS[f"tensorflow.math.{_act}"] = (f"keras.activations.{_act}", {"features": "x"})

# layer functions of keras.layers that create the layer and call it on their first argument
MERGE_FUNCTIONS = {"add": "Add", "subtract": "Subtract", "multiply": "Multiply", "average": "Average",
                   "maximum": "Maximum", "minimum": "Minimum", "concatenate": "Concatenate", "dot": "Dot"}

# Keras 3 names of a class the catalog spells otherwise (``keras.layers.MaxPool3D is
# keras.layers.MaxPooling3D``): read as that spelling. tests/test_unstated_spellings.py checks the table
# against the installed Keras, both ways.
KERAS_ALIASES = {}
for _n in (1, 2, 3):
    for _alias, _name in (("MaxPool", "MaxPooling"), ("AvgPool", "AveragePooling"),
                          ("GlobalMaxPool", "GlobalMaxPooling"), ("GlobalAvgPool", "GlobalAveragePooling"),
                          ("Convolution", "Conv")):
        KERAS_ALIASES[f"keras.layers.{_alias}{_n}D"] = f"keras.layers.{_name}{_n}D"
    KERAS_ALIASES[f"keras.layers.Convolution{_n}DTranspose"] = f"keras.layers.Conv{_n}DTranspose"
for _n in (1, 2):
    KERAS_ALIASES[f"keras.layers.SeparableConvolution{_n}D"] = f"keras.layers.SeparableConv{_n}D"

# Keras 1 names; a name Keras 3 still has as an alias (Convolution2D) is Keras 1 code only when a
# Keras 1 argument (KERAS1_ARGS) is given with it
KERAS1 = {
    "Convolution1D": "Conv1D(filters, kernel_size, padding=...)",
    "Convolution2D": "Conv2D(filters, (kh, kw), strides=..., padding=...)",
    "Convolution3D": "Conv3D(filters, kernel_size, padding=...)",
    "AtrousConvolution2D": "Conv2D(..., dilation_rate=...)",
    "Deconvolution2D": "Conv2DTranspose(filters, kernel_size, ...)",
    "MaxoutDense": "Dense followed by a maximum over units",
    "Highway": "a Dense-based gate written with keras.ops",
    "Merge": "Concatenate() / Add() / Multiply() layers",
    "merge": "concatenate([...]) / add([...])",
}
KERAS1_ARGS = {"nb_epoch": "epochs", "border_mode": "padding", "subsample": "strides", "nb_filter": "filters",
               "init": "kernel_initializer", "W_regularizer": "kernel_regularizer", "output_dim": "units"}

# keras arguments that are not layer attributes: naming, input declaration, bookkeeping
INPUT_ARGS = ("input_shape", "input_dim", "batch_input_shape", "batch_size", "input_length")
QUIET_ARGS = ("name", "dtype", "trainable", "autocast", "dynamic")
RECORDED_SUFFIXES = ("_initializer", "_regularizer", "_constraint")

ARRAY_MAKERS = ("numpy.zeros", "numpy.ones", "numpy.empty", "numpy.random.rand", "numpy.random.randn",
                "numpy.random.random", "numpy.random.uniform", "numpy.random.normal", "numpy.random.randint",
                "tensorflow.zeros", "tensorflow.ones", "tensorflow.random.normal", "tensorflow.random.uniform",
                "keras.ops.zeros", "keras.ops.ones", "keras.random.normal", "keras.random.uniform")
