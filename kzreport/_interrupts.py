"""Whether Ctrl-C came, and whether the command is running (see __main__.py and cli.KzGroup).

A module of its own, without imports, so that the signal handler never imports anything."""


class Interrupts:
    requested = False  # a Ctrl-C came
    started = False  # the command is running: Ctrl-C raises KeyboardInterrupt (before, it waits for it)
    finished = False  # the command is over: Ctrl-C is too late to stop anything

    @classmethod
    def check(cls) -> None:
        """Raise KeyboardInterrupt if a Ctrl-C came whose exception Python could not raise where it
        landed (in a weakref callback, a __del__): called between a build's stages, so that the build
        stops there rather than at its end."""
        if cls.requested and cls.started and not cls.finished:
            raise KeyboardInterrupt
