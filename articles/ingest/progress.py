"""Progress of an import: a bar that redraws itself on a terminal, plain lines
otherwise (logs, CI), both on the given stream."""

import time

_LINE_EVERY_SECONDS = 10


class Progress:
    def __init__(self, stream, total: int, interactive: bool):
        self.stream, self.total, self.interactive = stream, total, interactive
        self.done = self.bytes = 0
        self.started = self.last_line = time.monotonic()

    def advance(self, size: int) -> None:
        self.done += 1
        self.bytes += size
        now = time.monotonic()
        if self.interactive:
            if now - self.last_line >= 0.2 or self.done == self.total:
                self.last_line = now
                self.stream.write("\r" + self._bar(now))
                self.stream.flush()
        elif now - self.last_line >= _LINE_EVERY_SECONDS:
            self.last_line = now
            self.stream.write(self._figures(now) + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.interactive and self.done:
            self.stream.write("\n")
            self.stream.flush()

    def _figures(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        share = self.done / self.total if self.total else 1
        return (
            f"{self.done}/{self.total} files ({share:.0%}), {self.bytes / 1e6:.1f} MB, "
            f"{rate:.0f} files/s, {left:.0f} s left"
        )

    def _bar(self, now: float) -> str:
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        return f"[{'#' * filled}{'.' * (width - filled)}] {self._figures(now)}  "
