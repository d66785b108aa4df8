"""Seed §5: subprocesses — starting children, talking to them, and always reaping them.

Every child here is this same Python (``sys.executable``) or a POSIX shell, so the programs run
wherever the lab runs. Children run in real time: slow motion slows the program's loop, not them.
"""

from __future__ import annotations

from asyncio_lab.core.demo import lesson
from asyncio_lab.core.params import Param
from asyncio_lab.core.predictions import NOTHING, Ending, Order, Raises, Value

EXEC = lesson(
    id="subprocess.exec",
    chapter="5",
    title="create_subprocess_exec with PIPE, STDOUT and DEVNULL",
    explanation="""
        The child writes one line to its stdout and one to its stderr. What the program gets
        back depends on where the child's stderr goes:

        * `PIPE` — a pipe of its own; `communicate()` returns (stdout, stderr).
        * `STDOUT` — stderr is merged into stdout; both lines arrive in one stream.
        * `DEVNULL` — stderr is thrown away; `communicate()` gives None for it.

        `communicate()` feeds stdin (if any), reads both pipes to the end *at the same time*
        and waits for the exit; only then is `returncode` set (it is None while the child
        runs). Reading one pipe to the end before the other can deadlock once the child fills
        the other pipe's buffer — communicate avoids that. `create_subprocess_exec` takes the
        program and its arguments as separate items: no shell is involved, so nothing in the
        arguments is ever interpreted.
    """,
    params=(Param.choice("stderr", "pipe", ("pipe", "stdout", "devnull"), "where stderr goes"),),
    predictions=(
        Value(
            "What is returncode while the child still runs?",
            line="started a child; returncode while it runs:",
            choices=("None", "0"),
            answer="None",
            why="returncode is set only once the child has exited and was waited for.",
        ),
    ),
)

SHELL_QUOTING = lesson(
    id="subprocess.shell-quoting",
    chapter="5",
    title="create_subprocess_shell, and why exec is the safe default",
    explanation="""
        `create_subprocess_shell(cmd)` hands one string to /bin/sh, which then interprets
        it: `;` runs a second command, `$(...)` runs a command and pastes its output, `$VAR`
        expands. That is what makes pipelines like `a | b` possible — and what makes it
        dangerous to build that string from anything a user typed.

        The program prints the command line you would get by pasting the input in as-is (it
        is never run) and the one made with `shlex.quote`, which turns the input into a
        single literal word for the shell. Only the quoted one runs, then again in a pipeline
        into `wc -c`, which counts the characters. Then the same input goes to
        `create_subprocess_exec` as a list item, which needs no quoting at all because no
        shell ever sees it.

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
    predictions=(
        Value(
            "With shlex.quote, what does the shell print?",
            line="the shell printed:",
            choices=("a; echo INJECTED", "a"),
            answer="a; echo INJECTED",
            why="Quoted, the whole input is one argument: the ; is text, not a second command.",
        ),
    ),
)

STREAMING = lesson(
    id="subprocess.streaming",
    chapter="5",
    title="Reading a child's output line by line as it arrives",
    explanation="""
        `communicate()` gives you everything only at the end. To react to output while the
        child is still running, read `proc.stdout` like any StreamReader: `async for line in
        proc.stdout` yields each line as soon as the child writes it. The arrival times are
        spread out, one `interval` apart, and `returncode` is still None at each line: the
        child is running. After the last line, `await proc.wait()` collects the exit code.

        The child must not buffer its output: run Python with `-u` (or flush after each
        print). Otherwise a pipe (unlike a terminal) collects everything in a block buffer
        and it all shows up at once when the child exits — take `-u` out and see.
    """,
    params=(
        Param.number("lines", 4, 1, 8, "lines the child prints"),
        Param.number("interval", 0.5, 0.05, 1.0, "seconds between lines", unit="s"),
    ),
    predictions=(
        Order(
            "Reading the child's output line by line: put these in the order they are printed.",
            lines=("got 'line 1'", "the child exited"),
            why="readline() returns each line as the child writes it, not when the child ends.",
        ),
    ),
)

INTERACTIVE = lesson(
    id="subprocess.interactive",
    chapter="5",
    title="Driving an interactive Python over stdin",
    explanation="""
        The child is a real Python interpreter in interactive mode (`-i`, `-q` for no
        banner, `-u` for unbuffered output). The program writes one line of code to its
        stdin, awaits `drain()`, and reads the answer from its stdout — a conversation, not
        one communicate() call. (The `>>>` prompts go to stderr, which is thrown away.)

        A statement such as `x = 6` prints nothing, so the program must not wait for an
        answer to it; each read sits under `asyncio.timeout` as a safety net, so a
        misunderstanding cannot hang it. Closing stdin is the child's signal that the
        conversation is over: it exits with code 0.

        The common mistake: writing without draining, or waiting for output the child will
        never send (a deadlock: each side waits for the other).
    """,
    params=(Param.number("x", 6, 0, 1000, "the value the session starts with"),),
    predictions=(
        Value(
            "What does the child answer to `x * 7` after `x = 6`?",
            line="child answered",
            choices=("42", "None"),
            answer="42",
            why="The child is one Python process: what one line sets, the next one sees.",
        ),
    ),
)

SEVERAL_AT_ONCE = lesson(
    id="subprocess.several-at-once",
    chapter="5",
    title="Several children at once: the longest sets the total",
    explanation="""
        Three children sleep for different times. Started as three tasks and awaited
        together with `gather`, they all run at the same time, so the whole thing takes about
        as long as the slowest child, not the sum. The event loop does not wait on any of
        them actively; it is told when each pipe closes and each process exits.

        What to notice: each child reports done in the order they finish (shortest first),
        but `gather` returns the results in argument order. The children run in real time
        (slow motion slows only this program's loop), so their times are real seconds.
    """,
    params=(
        Param.number("first", 0.5, 0.1, 5.0, "seconds child 1 runs", unit="s"),
        Param.number("second", 1.5, 0.1, 5.0, "seconds child 2 runs", unit="s"),
        Param.number("third", 1.0, 0.1, 5.0, "seconds child 3 runs", unit="s"),
    ),
    predictions=(
        Value(
            "Children finish in the order 1, 3, 2. In what order does gather return their results?",
            line="results, in argument order:",
            choices=("['child-1', 'child-2', 'child-3']", "['child-1', 'child-3', 'child-2']"),
            answer="['child-1', 'child-2', 'child-3']",
            why="gather keeps the order of its arguments, whatever order the children finish in.",
        ),
    ),
)

FAILURES = lesson(
    id="subprocess.failures",
    chapter="5",
    title="When a child fails: exit codes and missing programs",
    explanation="""
        Two different failures. A child that runs and fails does not raise anything in the
        parent: it ends with a non-zero `returncode` and usually says why on stderr — you
        have to look. A program that does not exist never becomes a child at all:
        `create_subprocess_exec` raises FileNotFoundError right where you call it.

        With `create_subprocess_shell` a missing program is different again: the shell
        starts fine, cannot find the program, and exits with code 127 — no exception, only a
        number to check. One more reason to prefer exec.
    """,
    params=(Param.number("exit_code", 3, 1, 125, "the code the failing child exits with"),),
    predictions=(
        Raises(
            "create_subprocess_exec of a program that does not exist: what happens?",
            line="exec of a missing program raised",
            choices=("FileNotFoundError", "CalledProcessError", NOTHING),
            answer="FileNotFoundError",
            why="exec starts the program itself, so a missing one fails at once; through a shell "
            "it is "
            "exit code 127.",
        ),
        Value(
            "Through the shell, what exit code does a missing program give?",
            line="through the shell, the exit code is",
            choices=("127", "1"),
            answer="127",
            why="The shell starts fine and reports 'command not found' with 127.",
        ),
    ),
)

KILL_ON_STOP = lesson(
    id="subprocess.kill-on-stop",
    chapter="5",
    title="Cancelling a task does not stop its child: kill() and wait()",
    explanation="""
        The child would tick for minutes. A task reads its ticks; after `ticks` of them,
        main cancels that task — exactly what pressing Stop does to a program's tasks.

        Cancelling a task does nothing to a process it started: in the task's `finally`
        the child is still running. The `finally` does the clean-up: `proc.kill()`, then
        `await proc.wait()`, which reaps the child so it does not linger as a zombie and its
        pipes are closed. The exit code of a killed child is minus the signal number (-9 for
        SIGKILL on Linux and macOS); `terminate()` would ask politely (SIGTERM) instead.

        The common mistake: no `finally`, so a cancelled or failed task leaves its child
        running. (The lab kills what a stopped program left running, but plain Python does
        not.)
    """,
    params=(
        Param.number("ticks", 3, 1, 8, "ticks read before the task is cancelled"),
        Param.number("tick", 0.25, 0.05, 0.5, "seconds between the child's ticks", unit="s"),
    ),
    predictions=(
        Value(
            "The task that started the child ends. Is the child still running?",
            line="the task ends; its child still running:",
            choices=("True", "False"),
            answer="True",
            why="A child process is not a task: cancelling the task does not stop it; kill() does.",
        ),
        Ending(
            "How does the watcher task end?",
            task="watcher",
            answer="cancelled",
            why="main cancels it; its clean-up kills and waits for the child first.",
        ),
    ),
)
