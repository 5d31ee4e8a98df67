#!/usr/bin/env python3
# bench/firstframe.py MARKER CMD...: seconds from starting CMD on a new pseudo-terminal (100x30)
# until MARKER first appears in what it draws (bench/tui.sh). Answers the terminal queries
# Bubble Tea sends (background colour, cursor position) as a terminal would.
import os, pty, sys, time, select, signal
marker = sys.argv[1].encode()
argv = sys.argv[2:]
t0 = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm-256color"
    os.environ["COLUMNS"], os.environ["LINES"] = "100", "30"
    os.execvp(argv[0], argv)
import fcntl, termios, struct
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
buf = b""
found = None
while time.monotonic() - t0 < 10:
    r, _, _ = select.select([fd], [], [], 0.05)
    if r:
        try:
            d = os.read(fd, 65536)
        except OSError:
            break
        if not d:
            break
        buf += d
        # answer terminal queries (background colour, cursor position) so bubbletea does not wait
        if b"\x1b]11;?" in d:
            os.write(fd, b"\x1b]11;rgb:0000/0000/0000\x1b\\")
        if b"\x1b[6n" in d:
            os.write(fd, b"\x1b[1;1R")
        if marker in buf:
            found = time.monotonic() - t0
            break
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
if found is None:
    sys.stderr.write(repr(buf[-1500:]) + "\n")
    print("NOTFOUND")
else:
    print("%.4f" % found)
