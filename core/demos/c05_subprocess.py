"""Seed §5: subprocesses — starting children, talking to them, and always reaping them.

Every child here is this same Python (``sys.executable``) or the shell's own ``echo``, and every
demo kills and waits for its children in a ``finally``, so stopping a demo leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import sys

from asyncio_lab.core.context import DemoContext
from asyncio_lab.core.demo import demo
from asyncio_lab.core.params import Param


@demo(
    id="subprocess.exec",
    chapter="5",
    title="create_subprocess_exec with PIPE, STDOUT and DEVNULL",
    explanation="""
        The child writes one line to its stdout and one to its stderr. What we get back
        depends on where its stderr goes:

        * `PIPE` — a separate pipe; `communicate()` returns (stdout, stderr).
        * `STDOUT` — stderr is merged into stdout; both lines arrive in one stream.
        * `DEVNULL` — stderr is thrown away.

        `communicate()` feeds stdin (if any), reads both pipes to the end *concurrently* and
        waits for the exit; then `returncode` is set. Reading one pipe to the end before the
        other can deadlock once the child fills the other pipe's buffer — communicate avoids
        that. `create_subprocess_exec` takes the program and its arguments as a list: no
        shell is involved, so nothing in the arguments is ever interpreted.
    """,
    params=(Param.choice("stderr", "pipe", ("pipe", "stdout", "devnull"), "where stderr goes"),),
)
async def exec_demo(ctx: DemoContext, stderr: str) -> dict[str, object]:
    code = "import sys; print('to stdout'); print('to stderr', file=sys.stderr)"
    target = {
        "pipe": asyncio.subprocess.PIPE,  # its own pipe
        "stdout": asyncio.subprocess.STDOUT,  # into the stdout pipe
        "devnull": asyncio.subprocess.DEVNULL,  # nowhere
    }[stderr]
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        code,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=target,
    )
    try:
        ctx.log(f"started child pid {proc.pid} with stderr={stderr.upper()}")
        out, err = await proc.communicate()
    finally:
        if proc.returncode is None:  # only if we were stopped half-way
            proc.kill()
            await proc.wait()
    ctx.value("stdout", out)
    ctx.value("stderr", err)
    ctx.result(f"exit code {proc.returncode}")
    return {"stdout": out.decode().splitlines(), "stderr": err, "returncode": proc.returncode}


@demo(
    id="subprocess.shell-quoting",
    chapter="5",
    title="create_subprocess_shell, and why exec is the safe default",
    explanation="""
        `create_subprocess_shell(cmd)` hands one string to /bin/sh, which then interprets
        it: `;` runs a second command, `$(...)` runs a command and pastes its output, `$VAR`
        expands. That is what makes pipelines like `a | b` possible — and what makes it
        dangerous to build that string from anything a user typed.

        The demo shows the command line you would get by pasting the input in as-is (it is
        only printed, never run) and the one made with `shlex.quote`, which turns the input
        into a single literal word for the shell. Only the quoted one runs, through the
        shell's builtin `echo`, and then in a pipeline into a small Python that counts the
        characters it receives. Then the same input goes to `create_subprocess_exec` as a list
        item, which needs no quoting at all because no shell ever sees it.

        Rule of thumb: use exec with an argument list; use the shell only for shell features,
        and quote every piece that is not yours. (shlex.quote is for POSIX shells only.)
    """,
    params=(
        Param.choice(
            "text",
            "a; echo INJECTED",
            ("hello world", "a; echo INJECTED", "$(echo pwned)", "$HOME", "it's"),
            "what a user might type",
        ),
    ),
)
async def shell_quoting(ctx: DemoContext, text: str) -> dict[str, str]:
    seen: dict[str, str] = {}
    if os.name == "posix":
        ctx.warn(f"pasted in unquoted (never run): echo {text}")
        command = f"echo {shlex.quote(text)}"
        ctx.log(f"quoted with shlex.quote (run):  {command}")
        proc = await asyncio.create_subprocess_shell(
            command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        try:
            out, _ = await proc.communicate()
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        seen["shell"] = out.decode().rstrip("\n")
        ctx.value("the shell printed", seen["shell"])

        # What the shell is for: a pipeline. Every piece not written by us is quoted.
        counter = f"{shlex.quote(sys.executable)} -c 'import sys; print(len(sys.stdin.read()))'"
        pipeline = f"printf %s {shlex.quote(text)} | {counter}"
        ctx.log(f"a pipeline: {pipeline}")
        proc = await asyncio.create_subprocess_shell(pipeline, stdout=asyncio.subprocess.PIPE)
        try:
            out, _ = await proc.communicate()
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        seen["pipeline"] = ctx.value("characters counted by the pipeline", out.decode().strip())
        ctx.value("pipeline exit code", proc.returncode)
    else:
        ctx.warn("no POSIX shell here: shlex.quote does not apply; showing exec only")

    argv = [sys.executable, "-c", "import sys; print(sys.argv[1])", text]
    ctx.log(f"exec argument list: {argv[1:]!r}")
    proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE)
    try:
        out, _ = await proc.communicate()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    seen["exec"] = out.decode().rstrip("\r\n")
    ctx.value("exec printed", seen["exec"])
    if seen.get("shell", text) == seen["exec"] == text:
        ctx.result("each printed the input literally: nothing in it was run")
    else:
        ctx.warn("the outputs differ from the input")
    return seen


@demo(
    id="subprocess.streaming",
    chapter="5",
    title="Reading a child's output line by line as it arrives",
    explanation="""
        `communicate()` gives you everything only at the end. To react to output while the
        child is still running, read `proc.stdout` like any StreamReader: `async for line in
        proc.stdout` yields each line as soon as the child writes it, and the log shows the
        arrival times spread out, with the child still running (returncode None).

        The child must not buffer its output: run Python with `-u` (or flush after each
        print). Otherwise a pipe (unlike a terminal) collects everything in a block buffer
        and it all shows up at once when the child exits.
    """,
    params=(
        Param.number("lines", 4, 1, 10, "lines the child prints"),
        Param.number("interval", 0.5, 0.05, 2.0, "seconds between lines", unit="s"),
    ),
)
async def streaming(ctx: DemoContext, lines: int, interval: float) -> list[dict[str, object]]:
    code = (
        "import sys, time\n"
        "for i in range(1, int(sys.argv[1]) + 1):\n"
        "    print(f'line {i}')\n"
        "    time.sleep(float(sys.argv[2]))\n"
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-u",
        "-c",
        code,
        str(lines),
        str(ctx.scaled(interval)),
        stdout=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None  # a pipe, because we asked for PIPE
    arrivals: list[dict[str, object]] = []
    try:
        async for raw in proc.stdout:  # one line at a time, as soon as it arrives
            line = raw.decode().strip()
            arrivals.append({"line": line, "at": round(ctx.elapsed(), 2), "rc": proc.returncode})
            ctx.log(f"got {line!r} at {ctx.elapsed():.2f} s (child returncode: {proc.returncode})")
        await proc.wait()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    ctx.result(f"{len(arrivals)} lines, then exit code {proc.returncode}")
    return arrivals


@demo(
    id="subprocess.interactive",
    chapter="5",
    title="Driving an interactive Python over stdin",
    explanation="""
        The child is a real Python interpreter in interactive mode (`-i`, `-q` for no
        banner, `-u` for unbuffered output). We write one line of code to its stdin, await
        `drain()`, and read the answer from its stdout — a conversation, not one
        communicate() call. (The `>>>` prompts go to stderr, which we discard.)

        A statement such as `x = 6` prints nothing, so we must not wait for an answer to it;
        every read has a timeout so a misunderstanding cannot hang the demo. Closing stdin is
        the child's signal that the conversation is over: it exits with code 0.

        The common mistake: writing without draining, or waiting for output the child will
        never send (deadlock).
    """,
    params=(Param.number("x", 6, 0, 1000, "the value the session starts with"),),
)
async def interactive(ctx: DemoContext, x: int) -> list[str]:
    session = [(f"x = {x}", False), ("x * 7", True), ("sum(range(x))", True), ("'ok'", True)]
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-u",
        "-i",
        "-q",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert proc.stdin is not None and proc.stdout is not None  # pipes, as asked
    answers: list[str] = []
    try:
        for line, answers_back in session:
            ctx.log(f">>> {line}")
            proc.stdin.write(f"{line}\n".encode())
            await proc.stdin.drain()
            if answers_back:
                async with asyncio.timeout(10):  # real seconds: a safety net, not demo time
                    answers.append((await proc.stdout.readline()).decode().strip())
                ctx.log(f"child answered {answers[-1]}")
        proc.stdin.close()  # end of input: the interpreter exits
        await proc.stdin.wait_closed()
        async with asyncio.timeout(10):  # real seconds: a safety net, not demo time
            await proc.wait()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    ctx.result(f"answers {answers}, exit code {proc.returncode}")
    return answers


@demo(
    id="subprocess.concurrent",
    chapter="5",
    title="Several children at once: the longest sets the total",
    explanation="""
        Three children sleep for different times. Started one after another and awaited
        together with `gather`, they all run at the same time, so the whole thing takes about
        as long as the slowest child, not the sum. The event loop does not wait on any of
        them actively; it is told when each pipe closes and each process exits.

        What to notice: the results come back in argument order, whatever order the children
        finished in.
    """,
    params=(
        Param.number("first", 1.0, 0.1, 5.0, "seconds child 1 runs", unit="s"),
        Param.number("second", 3.0, 0.1, 5.0, "seconds child 2 runs", unit="s"),
        Param.number("third", 2.0, 0.1, 5.0, "seconds child 3 runs", unit="s"),
    ),
)
async def concurrent(
    ctx: DemoContext, first: float, second: float, third: float
) -> dict[str, object]:
    async def run_child(name: str, seconds: float) -> str:
        code = "import sys, time; time.sleep(float(sys.argv[1])); print(sys.argv[2])"
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            code,
            str(ctx.scaled(seconds)),
            name,
            stdout=asyncio.subprocess.PIPE,
        )
        try:
            out, _ = await proc.communicate()
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        ctx.checkpoint(f"{name} done")
        return out.decode().strip()

    start = ctx.elapsed()
    results = await asyncio.gather(
        asyncio.create_task(run_child("child-1", first), name="child-1"),
        asyncio.create_task(run_child("child-2", second), name="child-2"),
        asyncio.create_task(run_child("child-3", third), name="child-3"),
    )
    total = ctx.elapsed() - start
    longest, added = max(first, second, third), first + second + third
    ctx.result(f"total {total:.2f} s: close to the longest ({longest:g}), not the sum ({added:g})")
    return {"results": results, "total": round(total, 2), "longest": longest, "sum": added}


@demo(
    id="subprocess.failures",
    chapter="5",
    title="When a child fails: exit codes and missing programs",
    explanation="""
        Two different failures. A child that runs and fails does not raise anything in the
        parent: it ends with a non-zero `returncode` and usually says why on stderr — you
        have to look. A program that does not exist never becomes a child at all:
        `create_subprocess_exec` raises FileNotFoundError right where you call it.

        (With `create_subprocess_shell` a missing program is different again: the shell
        starts fine and reports exit code 127 — one more reason to prefer exec.)
    """,
    params=(Param.number("exit_code", 3, 1, 125, "the code the failing child exits with"),),
)
async def failures(ctx: DemoContext, exit_code: int) -> dict[str, object]:
    code = f"import sys; print('something went wrong', file=sys.stderr); sys.exit({exit_code})"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, stderr=asyncio.subprocess.PIPE
    )
    try:
        _, err = await proc.communicate()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    ctx.warn(f"child exited with {proc.returncode}; stderr: {err.decode().strip()!r}")

    missing = "asyncio-lab-no-such-program"
    try:
        await asyncio.create_subprocess_exec(missing, stdout=asyncio.subprocess.DEVNULL)
    except FileNotFoundError as exc:
        error = f"{type(exc).__name__}: {exc.strerror}"
        ctx.warn(f"starting {missing!r} raised {error}")
    ctx.result("both failures were reported, and the demo carried on")
    return {"returncode": proc.returncode, "missing": error}


@demo(
    id="subprocess.kill-on-stop",
    chapter="5",
    title="Stopping a demo kills its child",
    explanation="""
        The child would run for a minute, printing a tick every `tick` seconds. The demo
        reads the ticks under `asyncio.timeout(stop_after)`, which plays the part of you
        pressing Stop: when it fires, the reading task is cancelled.

        Cancelling a task does nothing to a process it started. The `finally` block does
        the cleanup: `proc.kill()` and then `await proc.wait()`, which reaps the child so
        that it does not linger as a zombie and its pipes are closed. The exit code of a
        killed child is minus the signal number (-9 for SIGKILL on Linux and macOS).
        `terminate()` would ask politely (SIGTERM) instead.
    """,
    params=(
        Param.number("stop_after", 1.0, 0.2, 5.0, "seconds before we stop", unit="s"),
        Param.number("tick", 0.25, 0.05, 1.0, "seconds between the child's ticks", unit="s"),
    ),
)
async def kill_on_stop(ctx: DemoContext, stop_after: float, tick: float) -> dict[str, object]:
    code = (
        "import sys, time\n"
        "for i in range(1, 100000):\n"
        "    print(f'tick {i}', flush=True)\n"
        "    time.sleep(float(sys.argv[1]))\n"
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, str(ctx.scaled(tick)), stdout=asyncio.subprocess.PIPE
    )
    assert proc.stdout is not None
    ticks = 0
    try:
        async with asyncio.timeout(ctx.scaled(stop_after)):  # stands in for the Stop button
            async for _ in proc.stdout:
                ticks += 1
                ctx.log(f"child pid {proc.pid}: tick {ticks}")
    except TimeoutError:
        ctx.warn(f"stopped after {stop_after:g} s; the child is still running")
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()  # reap it: no zombie, pipes closed
            ctx.log(f"killed and reaped pid {proc.pid}")
    ctx.result(f"{ticks} ticks, then exit code {proc.returncode}")
    return {"ticks": ticks, "returncode": proc.returncode}
