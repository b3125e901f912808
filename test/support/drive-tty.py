# Drive the bin's prompts on a pseudo-terminal (a TTY is what switches them on):
# type argv[2] and Enter at the first question, then Enter (the default) at each
# later one. Prints the screen text with escape codes removed, then "EXIT <code>".
# usage: drive-tty.py <cwd> <first answer> <command> [args...]
# The first answer may instead be a JSON list of keystrokes, one entry per question, sent as
# they are ("\u0003" is Ctrl-C, "\u001b[B" the down arrow; include "\r" to submit); Enter
# answers every question after the list.
# TTY_COLUMNS, when set, is the terminal's width (the pseudo-terminal's window size).
import fcntl, json, os, pty, re, select, struct, sys, termios, time

pid, fd = pty.fork()
if pid == 0:
    os.chdir(sys.argv[1])
    os.execv(sys.argv[3], sys.argv[3:])
if os.environ.get("TTY_COLUMNS"):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, int(os.environ["TTY_COLUMNS"]), 0, 0))

script = json.loads(sys.argv[2]) if sys.argv[2].startswith("[") else [sys.argv[2] + "\r"]
screen, answered, last, start = b"", 0, time.monotonic(), time.monotonic()
while time.monotonic() - start < 30:
    ready, _, _ = select.select([fd], [], [], 0.05)
    if ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        screen, last = screen + data, time.monotonic()
    elif time.monotonic() - last > 0.2 and b"?" in screen[-400:]:
        # Quiet, with a question showing: answer it.
        try:
            os.write(fd, script[answered].encode() if answered < len(script) else b"\r")
        except OSError:
            break
        answered, last = answered + 1, time.monotonic()
# Still running after the time allowed (a prompt that never lets go): stop it, so the caller
# sees the screen and a non-zero EXIT instead of a timeout of its own.
done, status = os.waitpid(pid, os.WNOHANG)
if done == 0:
    os.kill(pid, 15)
    _, status = os.waitpid(pid, 0)
sys.stdout.write(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.decode(errors="replace")))
print(f"\nEXIT {os.waitstatus_to_exitcode(status)}")
