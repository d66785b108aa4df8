import asyncio
import sys

X = 6  # the value the session starts with

# Each line, and whether the interpreter answers it with a line of output.
SESSION = [(f"x = {X}", False), ("x * 7", True), ("sum(range(x))", True), ("'ok'", True)]


async def main():
    # A real interactive Python: -i interactive, -q no banner, -u unbuffered output.
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-u",
        "-i",
        "-q",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,  # the >>> prompts go to stderr
    )
    for line, answers in SESSION:
        print(">>>", line)
        proc.stdin.write(f"{line}\n".encode())
        await proc.stdin.drain()
        if answers:  # never wait for an answer that will not come
            async with asyncio.timeout(10):  # a safety net, not part of the conversation
                reply = await proc.stdout.readline()
            print("child answered", reply.decode().strip())
    proc.stdin.close()  # end of input: the interpreter exits
    await proc.wait()
    print("exit code:", proc.returncode)


if __name__ == "__main__":
    asyncio.run(main())
