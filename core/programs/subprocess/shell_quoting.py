import asyncio
import os
import shlex
import sys

TEXT = "a; echo INJECTED"  # what a user might type


async def output_of(proc):
    out, _ = await proc.communicate()
    return out.decode().rstrip("\r\n")


async def main():
    if os.name == "posix":
        # Pasting user input into a shell command: the shell would run "; echo INJECTED".
        print("unquoted (never run):  echo", TEXT)
        command = f"echo {shlex.quote(TEXT)}"  # one literal word for the shell
        print("quoted with shlex.quote:", command)
        proc = await asyncio.create_subprocess_shell(command, stdout=asyncio.subprocess.PIPE)
        print("the shell printed:", await output_of(proc))

        # What the shell is for: a pipeline. Every piece that is not ours is quoted.
        pipeline = f"printf %s {shlex.quote(TEXT)} | wc -c"
        proc = await asyncio.create_subprocess_shell(pipeline, stdout=asyncio.subprocess.PIPE)
        print("characters counted by the pipeline:", (await output_of(proc)).strip())
    else:
        print("no POSIX shell here: shlex.quote does not apply")

    # exec: the text is one argument in a list; no shell ever reads it, so no quoting.
    child = "import sys; print(sys.argv[1])"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", child, TEXT, stdout=asyncio.subprocess.PIPE
    )
    printed = await output_of(proc)
    print("exec printed:", printed)
    print("the input came back literally:", printed == TEXT)


if __name__ == "__main__":
    asyncio.run(main())
