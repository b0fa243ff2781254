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
for _fn in ("exp", "log", "sqrt", "square", "abs", "rsqrt"):
    TF_TWINS[f"tensorflow.{_fn}"] = TF_TWINS[f"tensorflow.math.{_fn}"] = (f"keras.ops.{_fn}", {})
    TF_TWINS[f"keras.backend.{_fn}"] = (f"keras.ops.{_fn}", {})
TF_TWINS.update({
    "tensorflow.pow": ("keras.ops.power", {"x": "x1", "y": "x2"}),
    "tensorflow.math.pow": ("keras.ops.power", {"x": "x1", "y": "x2"}),
    "tensorflow.divide": ("keras.ops.divide", {"x": "x1", "y": "x2"}),
    "tensorflow.math.divide": ("keras.ops.divide", {"x": "x1", "y": "x2"}),
    "tensorflow.clip_by_value": ("keras.ops.clip", {"t": "x", "clip_value_min": "x_min", "clip_value_max": "x_max"}),
    "tensorflow.stack": ("keras.ops.stack", {"values": "x"}),
    "tensorflow.range": ("keras.ops.arange", {"limit": "stop", "delta": "step"}),
})
# the Keras 2 backend (``from keras import backend as K``): the keras.ops function of the same meaning
for _reduce in ("mean", "sum", "max", "min"):
    TF_TWINS[f"keras.backend.{_reduce}"] = (f"keras.ops.{_reduce}", {})
for _act in ("relu", "sigmoid", "tanh", "softmax", "elu", "softplus", "softsign"):
    TF_TWINS[f"keras.backend.{_act}"] = (f"keras.activations.{_act}", {})
TF_TWINS.update({
    "keras.backend.concatenate": ("keras.ops.concatenate", {"tensors": "xs"}),
    "keras.backend.pow": ("keras.ops.power", {"x": "x1", "a": "x2"}),
    "keras.backend.clip": ("keras.ops.clip", {"min_value": "x_min", "max_value": "x_max"}),
    "keras.backend.reshape": ("keras.ops.reshape", {"shape": "newshape"}),
    "keras.backend.expand_dims": ("keras.ops.expand_dims", {}),
    "keras.backend.squeeze": ("keras.ops.squeeze", {}),
    "keras.backend.stack": ("keras.ops.stack", {}),
    "keras.backend.permute_dimensions": ("keras.ops.transpose", {"pattern": "axes"}),
    "keras.backend.random_normal": ("keras.random.normal", {}),
    # x / sqrt(max(sum(x**2), 1e-12)): keras.ops.normalize's epsilon differs only for norms under 1e-6
    "keras.backend.l2_normalize": ("keras.ops.normalize", {}),
})

# functions giving a tensor's shape as numbers: the sizes shape inference knows there
SHAPE_FUNCTIONS = ("keras.ops.shape", "tensorflow.shape", "keras.backend.shape", "keras.backend.int_shape")

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

# --- Keras 1 / 2 spellings read as their Keras 3 meaning (legacy.py) --------------------------
# Argument renames of one layer's own arguments are the catalog's ``Arg.aliases``; these are the
# renames of arguments outside the catalog, the same for every layer ("{weight}": the layer's
# main weight, ``kernel`` or ``embeddings``, its first catalog ``Param``).
KERAS1_RENAMES = {"init": "{weight}_initializer", "W_regularizer": "{weight}_regularizer",
                  "W_constraint": "{weight}_constraint", "b_regularizer": "bias_regularizer",
                  "b_constraint": "bias_constraint", "U_regularizer": "recurrent_regularizer",
                  "U_constraint": "recurrent_constraint", "inner_init": "recurrent_initializer",
                  "inner_activation": "recurrent_activation", "beta_init": "beta_initializer",
                  "gamma_init": "gamma_initializer", "dim_ordering": "data_format"}
KERAS1_VALUES = {"dim_ordering": {"th": "channels_first", "tf": "channels_last"}}
# per framework call: renamed keywords (not a layer: no catalog entry)
KERAS1_CALL_ARGS = {"keras.Model": {"input": "inputs", "output": "outputs"}}
# Keras 1 convolutions sized by one argument per spatial axis: (filters, rows, cols) -> (filters, (rows, cols))
KERAS1_KERNEL_ARGS = {"Convolution2D": ("nb_row", "nb_col"), "AtrousConvolution2D": ("nb_row", "nb_col"),
                      "Convolution3D": ("kernel_dim1", "kernel_dim2", "kernel_dim3")}
KERAS1_CLASSES = {"AtrousConvolution1D": "Conv1D", "AtrousConvolution2D": "Conv2D"}  # renamed in Keras 2
# modules of Keras 1 / 2 whose layers Keras 3 has in keras.layers
KERAS2_MODULES = ("core", "convolutional", "recurrent", "pooling", "embeddings", "normalization", "merge",
                  "advanced_activations", "noise", "wrappers", "local", "convolutional_recurrent", "cudnn_recurrent")
# Keras 1 merge(inputs, mode=...): the Keras 3 function of each mode and its renamed arguments
KERAS1_MERGE_MODES = {"sum": ("add", {}), "mul": ("multiply", {}), "ave": ("average", {}), "max": ("maximum", {}),
                      "concat": ("concatenate", {"concat_axis": "axis"}), "dot": ("dot", {"dot_axes": "axes"}),
                      "cos": ("dot", {"dot_axes": "axes"})}
# arguments Keras 1 layers took that act only while training and that Keras 2 and 3 dropped: read
# without them (the same at inference), with a warning saying what training loses
KERAS1_TRAINING_ONLY = {("keras.layers.Embedding", "dropout"): "drops whole rows of the embedding table while training"}
# defaults Keras 2.3 changed: a layer of a Keras 1 / 2 file is read with Keras 3's, and says so
KERAS2_DEFAULTS = {
    "keras.layers.LSTM": "recurrent_activation='sigmoid' (Keras 1 and Keras 2 before 2.3: 'hard_sigmoid')",
    "keras.layers.GRU": "recurrent_activation='sigmoid', reset_after=True (Keras 1 and Keras 2 before 2.3: "
                        "'hard_sigmoid', reset_after=False)",
}

# keras arguments that are not layer attributes: naming, input declaration, bookkeeping
INPUT_ARGS = ("input_shape", "input_dim", "batch_input_shape", "batch_size", "input_length")
QUIET_ARGS = ("name", "dtype", "trainable", "autocast", "dynamic")
RECORDED_SUFFIXES = ("_initializer", "_regularizer", "_constraint")

ARRAY_MAKERS = ("numpy.zeros", "numpy.ones", "numpy.empty", "numpy.random.rand", "numpy.random.randn",
                "numpy.random.random", "numpy.random.uniform", "numpy.random.normal", "numpy.random.randint",
                "tensorflow.zeros", "tensorflow.ones", "tensorflow.random.normal", "tensorflow.random.uniform",
                "keras.ops.zeros", "keras.ops.ones", "keras.random.normal", "keras.random.uniform")
