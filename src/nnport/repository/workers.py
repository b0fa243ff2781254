"""Verify workers seen from the run: one long-lived process per job, each importing the
frameworks once. A file that kills its worker, or runs past the per-file timeout, is answered
with why; the worker is started again and the run goes on."""
from __future__ import annotations

import json
import os
import queue
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable

START_TIMEOUT = 300.0  # seconds to import torch, TensorFlow and Keras on a busy machine


class Died(Exception):
    """The worker ended or was stopped before answering."""


# one thread each: --jobs workers fill the cores, and the figures (sums in another order with more
# threads) do not depend on --jobs
ONE_THREAD = {"NNPORT_WORKER_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}


class Worker:
    def __init__(self):
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - the worker's stderr, closed by stop()
        env = {**os.environ, **ONE_THREAD}
        self.proc = subprocess.Popen([sys.executable, "-m", "nnport.repository.worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log, env=env, start_new_session=True)
        self.buffer = b""
        self.ready = False

    def ask(self, task: dict, timeout: float) -> tuple[dict, float]:
        """The worker's answer, and the seconds it took (not counting its start)."""
        if not self.ready:
            self._line(START_TIMEOUT, f"the verify worker did not start within {START_TIMEOUT:g} s")
            self.ready = True
        start = time.perf_counter()
        try:
            self.proc.stdin.write((json.dumps(task) + "\n").encode())
            self.proc.stdin.flush()
        except OSError:
            raise Died(self._why_dead()) from None
        answer = json.loads(self._line(timeout, f"verifying took longer than {timeout:g} s (--timeout); "
                                                "the worker was stopped"))
        return answer, time.perf_counter() - start

    def _line(self, timeout: float, late: str) -> bytes:
        """The next line the worker answers; ``Died(late)`` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                raise Died(late)
            readable, _, _ = select.select([self.proc.stdout], [], [], left)
            if readable:
                chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
                if not chunk:
                    raise Died(self._why_dead())
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line

    def _why_dead(self) -> str:
        code = self.proc.wait()
        if code < 0:
            try:
                how = f"killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"killed by signal {-code}"
        else:
            how = f"exited with status {code}"
        tail = self._tail()
        return f"the verify worker died ({how})" + (f"; its last output: {tail}" if tail else "")

    def _tail(self, limit: int = 600) -> str:
        self.log.seek(0, os.SEEK_END)
        size = self.log.tell()
        self.log.seek(max(0, size - limit))
        text = self.log.read().decode("utf-8", "replace").strip()
        return " | ".join(line.strip() for line in text.splitlines()[-4:] if line.strip())

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        self.log.close()


class Pool:
    """``jobs`` threads, each feeding one worker; ``submit`` tasks, ``done(task, answer, seconds)``
    is called from the threads as answers come."""

    def __init__(self, jobs: int, timeout: float, done: Callable[[dict, dict, float], None]):
        self.tasks: queue.Queue = queue.Queue()
        self.timeout, self.done = timeout, done
        self.workers: list[Worker | None] = [None] * jobs
        self.threads = [threading.Thread(target=self._serve, args=(n,), daemon=True) for n in range(jobs)]
        for thread in self.threads:
            thread.start()

    def submit(self, task: dict) -> None:
        self.tasks.put(task)

    def close(self) -> None:
        """Wait for every submitted task to be answered, then stop the workers."""
        for _ in self.threads:
            self.tasks.put(None)
        for thread in self.threads:
            thread.join()

    def abort(self) -> None:
        """Stop at once (the run itself failed or was interrupted)."""
        for worker in self.workers:
            if worker is not None:
                worker.stop()

    def _serve(self, number: int) -> None:
        self.workers[number] = Worker()
        try:
            while (task := self.tasks.get()) is not None:
                start = time.perf_counter()
                try:
                    found, seconds = self.workers[number].ask(task, self.timeout)
                except (Died, ValueError, OSError) as exc:  # ValueError: not a JSON answer
                    why = str(exc) if isinstance(exc, Died) else f"the verify worker failed ({type(exc).__name__})"
                    found, seconds = {"crashed": why}, time.perf_counter() - start
                    self.workers[number].stop()
                    self.workers[number] = Worker()
                self.done(task, found, seconds)
        finally:
            self.workers[number].stop()
