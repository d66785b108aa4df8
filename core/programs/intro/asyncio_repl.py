import asyncio
import sys

DELAY = 1.0  # seconds the typed sleep lasts
RESULT = "'hello'"  # what the typed sleep returns

TYPED = f"import asyncio\nawait asyncio.sleep({DELAY}, result={RESULT})\n"


async def main():
    # Start `python -m asyncio` as a child process and type two lines into it.
    repl = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "asyncio",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    for line in TYPED.splitlines():
        print(">>>", line)
    try:
        out, err = await repl.communicate(TYPED.encode())  # type, then close its input
    finally:
        if repl.returncode is None:  # we were cancelled half-way: do not leave it running
            repl.kill()

    banner = [line for line in err.decode().splitlines() if "asyncio REPL" in line]
    print("banner:", banner[0] if banner else "(none)")
    hint = [line for line in err.decode().splitlines() if "await" in line]
    print("it says:", hint[0].strip() if hint else "(nothing)")
    print("the REPL printed:", " ".join(out.decode().replace(">>>", "").split()))
    print("exit code:", repl.returncode)


if __name__ == "__main__":
    asyncio.run(main())
