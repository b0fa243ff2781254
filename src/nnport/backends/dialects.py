"""What differs between the target frameworks when writing a network - and nothing else.

The engine (``emit``) is shared; a dialect says how a layer object is called, how a
sequential container and a class are spelled, and how names are given to layers.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# torch classes with a lazy variant that infers its input size on the first call
TORCH_LAZY = {"Linear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
              "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"}


@dataclass(frozen=True)
class Dialect:
    target: str
    styles: tuple[str, ...]
    base_class: str  # qualified base class of a subclassed network
    base_import: str
    sequential_base: str  # the sequential container, as a base class
    method: str  # forward / call
    names_layers: bool  # Keras: give layers explicit name= (sequential, functional)
    lambda_layer: str  # wraps a function as a layer inside a sequential container
    init_params: str  # extra parameters of a generated __init__, passed on to super()
    super_args: str
    list_container: bool  # the sequential container takes a list (Keras) or arguments (torch)
    # names a layer attribute of a generated class must not take: the base class's own attributes,
    # properties (no setter) and methods, which the assignment would fail on or shadow
    reserved_attributes: frozenset[str] = field(default=frozenset())
    nested_base: str | None = None  # qualified base class of a network nested in another (Keras: a Layer)
    # parameters the forward method takes after its inputs: Keras's fit reaches BatchNormalization and
    # Dropout in training mode only through a call() that declares `training`
    mode_params: tuple[str, ...] = ()

    def template_fields(self) -> dict:
        names = ("base_class", "base_import", "sequential_base", "method", "init_params", "super_args",
                 "list_container")
        return {**{name: getattr(self, name) for name in names},
                "mode_params": "".join(f", {p}=None" for p in self.mode_params)}

    def sequential_expr(self, items: list[str], name: str | None) -> str:
        body = ", ".join(items)
        if self.target == "torch":
            return f"nn.Sequential({body})"
        named = f", name={name!r}" if name else ""
        return f"keras.Sequential([{body}]{named})"

    def wrap_function(self, param: str, body: str) -> str:
        return f"{self.lambda_layer}(lambda {param}: {body})"


# public attributes of ``keras.Model`` (Keras 3: class attributes, properties, methods, what its
# ``__init__`` sets; Functional's and Sequential's too): ``self.output = layers.Dense(...)`` fails
# (``property 'output' ... has no setter``), ``self.summary = ...`` shadows a method
KERAS_MODEL_ATTRIBUTES = frozenset({
    "activity_regularizer", "add", "add_loss", "add_metric", "add_variable", "add_weight", "autocast", "build",
    "build_from_config", "built", "call", "call_signature_parameters", "compile", "compile_from_config",
    "compiled", "compiled_loss", "compiled_metrics", "compute_dtype", "compute_loss", "compute_mask",
    "compute_metrics", "compute_output_shape", "compute_output_spec", "count_params",
    "distribute_reduction_method", "distribute_strategy", "dtype", "dtype_policy", "evaluate", "export", "fit",
    "from_config", "get_build_config", "get_compile_config", "get_config", "get_layer", "get_metrics_result",
    "get_quantization_layer_structure", "get_state_tree", "get_weights", "input", "input_dtype", "input_shape",
    "input_spec", "inputs", "jit_compile", "layers", "load_own_variables", "load_weights", "loss", "losses",
    "make_predict_function", "make_test_function", "make_train_function", "metrics", "metrics_names",
    "metrics_variables", "name", "non_trainable_variables", "non_trainable_weights", "operations", "output",
    "output_names", "output_shape", "outputs", "path", "pop", "predict", "predict_function", "predict_on_batch",
    "predict_step", "quantization_mode", "quantize", "quantized_build", "quantized_call", "rematerialized_call",
    "reset_metrics", "run_eagerly", "save", "save_own_variables", "save_weights", "set_state_tree",
    "set_weights", "stateful", "stateless_call", "stateless_compute_loss", "steps_per_execution", "submodules",
    "summary", "supports_jit", "supports_masking", "symbolic_call", "test_function", "test_on_batch",
    "test_step", "to_json", "train_function", "train_on_batch", "train_step", "trainable",
    "trainable_variables", "trainable_weights", "unrolled_steps_per_execution", "variable_dtype", "variables",
    "weights"})

# public attributes of ``torch.nn.Module``: a layer assigned as ``self.eval`` is registered, but the
# method is what ``self.eval`` reads; ``self.training = nn.Linear(...)`` breaks ``model.train()``
TORCH_MODULE_ATTRIBUTES = frozenset({
    "T_destination", "add_module", "apply", "bfloat16", "buffers", "call_super_init", "children", "compile",
    "cpu", "cuda", "double", "dump_patches", "eval", "extra_repr", "float", "forward", "get_buffer",
    "get_extra_state", "get_parameter", "get_submodule", "half", "ipu", "load_state_dict", "modules", "mtia",
    "named_buffers", "named_children", "named_modules", "named_parameters", "parameters",
    "register_backward_hook", "register_buffer", "register_forward_hook", "register_forward_pre_hook",
    "register_full_backward_hook", "register_full_backward_pre_hook", "register_load_state_dict_post_hook",
    "register_load_state_dict_pre_hook", "register_module", "register_parameter",
    "register_state_dict_post_hook", "register_state_dict_pre_hook", "requires_grad_", "set_extra_state",
    "set_submodule", "share_memory", "state_dict", "to", "to_empty", "train", "training", "type", "xpu",
    "zero_grad"})

TORCH = Dialect("torch", ("subclassing", "sequential"), "nn.Module", "from torch import nn", "nn.Sequential",
                "forward", names_layers=False, lambda_layer="Lambda", init_params="", super_args="",
                list_container=False, reserved_attributes=TORCH_MODULE_ATTRIBUTES)
KERAS = Dialect("keras", ("subclassing", "sequential", "functional"), "keras.Model", "import keras",
                "keras.Sequential", "call", names_layers=True, lambda_layer="layers.Lambda",
                init_params=", **kwargs", super_args="**kwargs", list_container=True,
                reserved_attributes=KERAS_MODEL_ATTRIBUTES, nested_base="keras.layers.Layer",
                mode_params=("training",))

DIALECTS = {"torch": TORCH, "keras": KERAS}

# torch has no layer wrapping a function: the generated file carries this small one when needed
TORCH_LAMBDA = '''class Lambda(nn.Module):
    """Applies a tensor function inside nn.Sequential (an op with no layer of its own)."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)
'''
