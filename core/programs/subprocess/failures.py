import asyncio
import os
import sys

EXIT_CODE = 3  # the code the failing child exits with

CHILD = f"import sys; print('something went wrong', file=sys.stderr); sys.exit({EXIT_CODE})"


async def main():
    # 1. The child runs and fails: nothing is raised here; returncode and stderr say so.
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, stderr=asyncio.subprocess.PIPE
    )
    _, err = await proc.communicate()
    print("the child exited with", proc.returncode, "and said:", err.decode().strip())

    # 2. The program does not exist: there is no child, and exec raises right here.
    try:
        await asyncio.create_subprocess_exec("no-such-program-here")
    except FileNotFoundError as exc:
        print("exec of a missing program raised FileNotFoundError:", exc.strerror)

    # 3. The same through a shell: the shell starts fine and reports exit code 127.
    if os.name == "posix":
        proc = await asyncio.create_subprocess_shell(
            "no-such-program-here", stderr=asyncio.subprocess.DEVNULL
        )
        print("through the shell, the exit code is", await proc.wait())
    print("both failures were reported, and the program carried on")


if __name__ == "__main__":
    asyncio.run(main())
