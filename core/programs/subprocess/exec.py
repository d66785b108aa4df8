import asyncio
import sys

STDERR = "pipe"  # where the child's stderr goes: "pipe", "stdout" or "devnull"

CHILD = "import sys; print('to stdout'); print('to stderr', file=sys.stderr)"


async def main():
    where = {
        "pipe": asyncio.subprocess.PIPE,  # a pipe of its own
        "stdout": asyncio.subprocess.STDOUT,  # into the stdout pipe
        "devnull": asyncio.subprocess.DEVNULL,  # nowhere
    }[STDERR]
    # The program and its arguments as separate items: no shell is involved.
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, stdout=asyncio.subprocess.PIPE, stderr=where
    )
    print("started a child; returncode while it runs:", proc.returncode)
    # communicate() reads both pipes to the end at the same time, then waits for the exit.
    out, err = await proc.communicate()
    print(f"stderr={STDERR.upper()}")
    print("stdout lines:", out.decode().splitlines())
    print("stderr:", err)  # None unless stderr is a pipe of its own
    print("returncode:", proc.returncode)


if __name__ == "__main__":
    asyncio.run(main())
