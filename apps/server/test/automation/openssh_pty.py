"""Log in with OpenSSH's ssh client in a pseudo-terminal, as a person would.

Usage: python3 openssh_pty.py PORT USER PASSWORD COMMAND...
Types the password at ssh's prompt, waits for the VRP prompt, types each
command and waits for the prompt again, then `quit`. Prints JSON:
{"ok": bool, "stage": where it stopped, "output": everything the terminal showed}.
"""
import json
import os
import pty
import re
import select
import sys
import time

PROMPT = re.compile(rb"(<[^<>\r\n]+>|\[[^\[\]\r\n]+\])$")


def main():
    port, user, password, *commands = sys.argv[1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.execvp("ssh", [
            "ssh", "-p", port, "-tt",
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
            "-o", "NumberOfPasswordPrompts=1", "-o", "LogLevel=ERROR",
            f"{user}@127.0.0.1",
        ])
    out = b""

    def until(test, seconds=20):
        nonlocal out
        end = time.time() + seconds
        while time.time() < end:
            if test(out):
                return True
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    return test(out)
                if not data:
                    return test(out)
                out += data
        return test(out)

    def finish(ok, stage):
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        print(json.dumps({"ok": ok, "stage": stage, "output": out.decode("utf-8", "replace")}))
        sys.exit(0)

    if not until(lambda o: b"password:" in o.lower()):
        finish(False, "password prompt")
    os.write(fd, password.encode() + b"\n")
    if not until(lambda o: PROMPT.search(o) is not None):
        finish(False, "first prompt")
    for command in commands:
        mark = len(out)
        os.write(fd, command.encode() + b"\r")
        if not until(lambda o: b"\n" in o[mark:] and PROMPT.search(o[mark:]) is not None):
            finish(False, f"prompt after {command}")
    os.write(fd, b"quit\r")
    until(lambda o: b"closed" in o, 10)
    _, status = os.waitpid(pid, 0)
    finish(os.WEXITSTATUS(status) == 0 if os.WIFEXITED(status) else False, "done")


if __name__ == "__main__":
    main()
