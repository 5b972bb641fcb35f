"""`python -m kzreport`.

Ctrl-C at any moment ends the command with one line on stderr and exit status 130. The first one
raises KeyboardInterrupt while the command runs (it stops its workers and reports it, see
cli.KzGroup) and is remembered, in case a library swallows the exception; before the command starts
it only waits for it. Any further Ctrl-C is ignored, so that clean-up is never broken off half-way.
"""

# the C module: importing `signal` takes long enough to miss an early Ctrl-C
import _signal as signal  # type: ignore[import-not-found]
import sys

from kzreport._interrupts import Interrupts


def _on_interrupt(signum: int, frame: object) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    Interrupts.requested = True
    if Interrupts.started and not Interrupts.finished:
        raise KeyboardInterrupt


def _unraisable(info: "sys.UnraisableHookArgs") -> None:
    # A Ctrl-C that lands in a callback Python cannot raise from (an import lock's weakref callback,
    # a __del__) is printed by CPython as "Exception ignored in ..." with a traceback. It is not lost:
    # Interrupts.requested remembers it, and cli.KzGroup stops the command. So it is not printed.
    if info.exc_type is not None and issubclass(info.exc_type, KeyboardInterrupt):
        return
    sys.__unraisablehook__(info)


def run() -> None:
    sys.unraisablehook = _unraisable
    signal.signal(signal.SIGINT, _on_interrupt)
    try:
        from kzreport.cli import main

        main(prog_name="kzreport")
    except KeyboardInterrupt:  # cannot happen with the handler above; kept for safety
        sys.stderr.write(("build interrupted; earlier outputs kept" if "build" in sys.argv[1:] else "interrupted")
                         + "\n")
        sys.exit(130)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the command is over: Python's exit is not broken off
        # A KeyboardInterrupt that went through code run by exec() (dataclasses, namedtuple) leaves a
        # flag in CPython that makes it kill itself with SIGINT on exit, whatever status we exit with;
        # running exec() once more clears it, so that the exit status is 130 as reported.
        exec("pass")  # noqa: S102


if __name__ == "__main__":
    run()
