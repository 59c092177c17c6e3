# SPDX-License-Identifier: MIT
"""README.md shows each program's real output: every fenced block that
starts with "$ command" is run (from the source tree, with the build's
examples/ first on PATH) and its output must equal the rest of the block.
A command may go on over lines that end in "|" or "\\". TAP output, one
test per block. With --update (top_srcdir and top_builddir set as make
check sets them), README.md's blocks are rewritten with what the programs
print now, for a change that means to alter an output: review the diff."""

import difflib
import os
import re
import subprocess
import sys


def blocks(text):
    """(command, expected output) of each "$ " block of @text."""
    for body in re.findall(r"^```\n(\$ .*?)^```", text, re.S | re.M):
        lines = body.split("\n")
        cmd = []
        i = 0
        while i < len(lines):
            line = lines[i][2:] if i == 0 else lines[i]
            i += 1
            if line.endswith("\\"):
                cmd.append(line[:-1])
                continue
            cmd.append(line)
            if not line.endswith("|"):
                break
        yield " ".join(cmd), "\n".join(lines[i:])


def update(top, env):
    """Rewrite each block's expected output with the command's output."""
    path = os.path.join(top, "README.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()

    def redo(m):
        body = m.group(1)
        cmd, expected = next(blocks("```\n" + body + "```"))
        head = body[:len(body) - len(expected)]
        out = subprocess.run(cmd, shell=True, cwd=top, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, universal_newlines=True).stdout
        return "```\n" + head + out + "```"

    text = re.sub(r"^```\n(\$ .*?)^```", redo, text, flags=re.S | re.M)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    top = os.environ["top_srcdir"]
    bindir = os.path.join(os.environ["top_builddir"], "examples")
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""), LC_ALL="C")
    if sys.argv[1:] == ["--update"]:
        return update(top, env)
    with open(os.path.join(top, "README.md"), encoding="utf-8") as f:
        found = list(blocks(f.read()))
    if not found:
        print("1..1\nnot ok 1 - README.md has no \"$ command\" blocks")
        return
    print("1..%d" % len(found))
    for n, (cmd, expected) in enumerate(found, 1):
        out = subprocess.run(cmd, shell=True, cwd=top, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, universal_newlines=True).stdout
        if out == expected:
            print("ok %d - README: %s" % (n, cmd[:100]))
            continue
        print("not ok %d - README: %s" % (n, cmd[:100]))
        for line in list(difflib.unified_diff(expected.splitlines(), out.splitlines(),
                                              "README.md", "output", lineterm=""))[:40]:
            print("# " + line)


if __name__ == "__main__":
    sys.exit(main())
