"""torch's OneCycleLR: the rate rises from max_lr / div_factor to max_lr over the first
pct_start of the run, then falls to max_lr / div_factor / final_div_factor, stepped after every
batch. Keras has no such schedule: the migrated code is a small ``LearningRateSchedule`` class of
the same formula (``emulate`` hook). Its momentum cycling has no Keras form: reported.

The run's length, ``total_steps`` or ``epochs`` times ``steps_per_epoch``, must be constants: a
``len(train_loader)`` is known only when the file runs, and the scheduler is then left out
(``unknown`` hook: why the bound values cannot be translated).
"""
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling
from .training import constant

HELPER = "OneCycleSchedule"
HELPER_CODE = '''class OneCycleSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """torch.optim.lr_scheduler.OneCycleLR, per optimizer step: the phases of its learning rate."""

    def __init__(self, max_lr, total_steps=None, epochs=None, steps_per_epoch=None, pct_start=0.3,
                 anneal_strategy="cos", div_factor=25.0, final_div_factor=1e4, three_phase=False):
        total_steps = total_steps or epochs * steps_per_epoch
        self.total_steps, self.anneal_strategy = total_steps, anneal_strategy
        initial = max_lr / div_factor
        rise = float(pct_start * total_steps) - 1
        if three_phase:
            self.phases = [(rise, initial, max_lr), (2 * rise, max_lr, initial),
                           (total_steps - 1.0, initial, initial / final_div_factor)]
        else:
            self.phases = [(rise, initial, max_lr), (total_steps - 1.0, max_lr, initial / final_div_factor)]

    def anneal(self, start, end, pct):
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2.0 * (keras.ops.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def __call__(self, step):
        step = keras.ops.cast(step, "float64")  # float32 loses torch's rate near the end of the run
        rate, begin = None, 0.0
        for end, start_lr, end_lr in self.phases:
            value = self.anneal(start_lr, end_lr, (step - begin) / (end - begin))
            rate = value if rate is None else keras.ops.where(step <= begin, rate, value)
            begin = end
        return keras.ops.cast(rate, "float32")

    def get_config(self):
        return {"total_steps": self.total_steps}'''


ARGS = (Arg("max_lr", "max_lr", always=True), Arg("total_steps", "total_steps", None),
        Arg("epochs", "epochs", None), Arg("steps_per_epoch", "steps_per_epoch", None),
        Arg("pct_start", "pct_start", 0.3), Arg("anneal_strategy", "anneal_strategy", "cos"),
        Arg("div_factor", "div_factor", 25.0), Arg("final_div_factor", "final_div_factor", 1e4),
        Arg("three_phase", "three_phase", False))
MOMENTUM = (Arg("cycle_momentum", "cycle_momentum", True), Arg("base_momentum", "base_momentum", 0.85),
            Arg("max_momentum", "max_momentum", 0.95))


def _steps_known(attrs: dict) -> str | None:
    """Why the run's length is not known (the frontend leaves the scheduler out), or None."""
    if attrs.get("total_steps") or attrs.get("epochs") and attrs.get("steps_per_epoch"):
        return None
    return "needs total_steps, or epochs and steps_per_epoch, as constants"


ONE_CYCLE = Kind(
    name="one_cycle_lr", family="schedule", shape=None,
    attrs=(Attr("max_lr", "float"), Attr("total_steps", "int", None), Attr("epochs", "int", None),
           Attr("steps_per_epoch", "int", None), Attr("pct_start", "float", 0.3),
           Attr("anneal_strategy", "str", "cos"), Attr("div_factor", "float", 25.0),
           Attr("final_div_factor", "float", 1e4), Attr("three_phase", "bool", False),
           Attr("cycle_momentum", "bool", True, doc="momentum cycled between base and max momentum"),
           Attr("base_momentum", "float", 0.85), Attr("max_momentum", "float", 0.95)),
    spellings=(
        Spelling("torch", "layer", "torch.optim.lr_scheduler.OneCycleLR",
                 (*ARGS, *MOMENTUM),
                 positional=("optimizer", "max_lr", "total_steps", "epochs", "steps_per_epoch", "pct_start",
                             "anneal_strategy", "cycle_momentum", "base_momentum", "max_momentum",
                             "div_factor", "final_div_factor", "three_phase"),
                 hooks={"per_step": True, "unknown": _steps_known}),
        Spelling("keras", "layer", f"nnport.helpers.{HELPER}", ARGS, read=False,
                 hooks={"emulate": lambda attrs: (HELPER, HELPER_CODE), "per_step": True,
                        "implied": constant(cycle_momentum=False), "emulates": ()}),  # momentum stays as set
    ),
    doc="torch OneCycleLR, per optimizer step (Keras: a LearningRateSchedule class of the same formula)")

register(ONE_CYCLE)
