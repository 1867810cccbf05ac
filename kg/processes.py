"""Forked helper processes of a build: kg.nlp's parsing workers and the writer of the page files
(kg.pipeline). A child started here ends with its parent (Linux) and leaves Ctrl-C to it; an
exception it raises is raised again in the parent (as it is when it can be pickled)."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable
from typing import Any

from .errors import KGError


def fork_context():
    """multiprocessing's fork context, or None where this process cannot fork children: no fork
    (Windows), or a daemonic process (e.g. a Dask worker), which multiprocessing lets have none."""
    if "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon:
        return multiprocessing.get_context("fork")
    return None


def die_with_parent(parent: int) -> bool:
    """In a child: ignore Ctrl-C (the parent stops its children) and end when the parent ends;
    False when the parent has ended already."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    return os.getppid() == parent


def sendable(e: Exception) -> Exception:
    """``e`` if it survives pickling, else a RuntimeError carrying its traceback."""
    import pickle
    import traceback

    try:
        pickle.loads(pickle.dumps(e))
        return e
    except Exception:  # noqa: BLE001 - pickle raises many kinds
        return RuntimeError(f"in a child process: {''.join(traceback.format_exception(e))}")


class ForkedCall:
    """``fn(*args)`` in a forked process, started at once; ``result()`` waits for what it returns
    (or raises what it raised). Without fork, ``result()`` calls it in this process."""

    def __init__(self, fn: Callable[..., Any], *args: Any, name: str = "kg-child"):
        self._fn, self._args = fn, args
        self.proc = None
        ctx = fork_context()
        if ctx is not None:
            self._conn, child_end = ctx.Pipe(duplex=False)
            self.proc = ctx.Process(target=_call, args=(child_end, fn, args, os.getpid()), name=name, daemon=True)
            self.proc.start()
            child_end.close()

    def result(self) -> Any:
        if self.proc is None:
            return self._fn(*self._args)
        try:
            ok, value = self._conn.recv()
        except EOFError:
            self.proc.join()
            raise KGError(f"the {self.proc.name} process stopped unexpectedly (exit code {self.proc.exitcode})") from None
        self.proc.join()
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Stop the process if it still runs (the caller failed before ``result``)."""
        if self.proc is not None:
            if self.proc.is_alive():
                self.proc.terminate()
            self.proc.join()
            self._conn.close()


def _call(conn, fn: Callable[..., Any], args: tuple, parent: int) -> None:
    if not die_with_parent(parent):
        return
    # what the parent held at the fork goes to the collector's permanent generation: a collection
    # writes to every object it examines, and each write copies a page the child shared with the
    # parent (the page writer of a 6,000-article build came to hold ~60 MB more of the parent's
    # heap without this); the child still frees its own cycles
    gc.freeze()
    try:
        out = (True, fn(*args))
    except Exception as e:  # noqa: BLE001 - whatever it is, the parent raises it
        out = (False, sendable(e))
    conn.send(out)
    conn.close()
