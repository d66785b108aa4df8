import asyncio
import socket

LIMIT = 64  # the reader's buffer limit, in bytes
SHORT_BY = 6  # bytes missing at the end for readexactly


async def main():
    near, far = socket.socketpair()  # two connected sockets; no server needed
    writers = []  # each stream closes its own socket; until one exists, main closes it
    try:
        reader, near_writer = await asyncio.open_connection(sock=near, limit=LIMIT)
        writers.append(near_writer)
        _, writer = await asyncio.open_connection(sock=far)
        writers.append(writer)

        writer.write(b"hello world\n")
        print("read(5)          ->", await reader.read(5))  # UP TO 5 bytes
        print("readline()       ->", await reader.readline())  # through the next b"\n"

        writer.write(b"a=1;b=2;")
        print("readuntil(b';')  ->", await reader.readuntil(b";"))
        print("readexactly(4)   ->", await reader.readexactly(4))

        writer.write(b"x" * (LIMIT * 3) + b"\n")  # one line, three times the limit
        try:
            await reader.readuntil(b"\n")
        except asyncio.LimitOverrunError as exc:  # the bytes stay in the buffer
            print(f"readuntil, line over the limit: LimitOverrunError, consumed={exc.consumed}")
        try:
            await reader.readline()
        except ValueError:  # readline throws the too-long line away
            print("readline, line over the limit: ValueError")

        writer.write(b"next line\n")
        print("readline() after ->", await reader.readline())

        writer.write(b"0123456789")
        writer.write_eof()  # the sender is done: the stream ends after these 10 bytes
        try:
            await reader.readexactly(10 + SHORT_BY)
        except asyncio.IncompleteReadError as exc:
            print(f"readexactly({exc.expected}): IncompleteReadError, partial={exc.partial!r}")
        print("read() at the end ->", await reader.read(), "at_eof():", reader.at_eof())
    finally:  # however main ends, also cancelled while connecting
        for w in writers:
            w.close()
            await w.wait_closed()
        for sock in (near, far)[len(writers) :]:
            sock.close()


if __name__ == "__main__":
    asyncio.run(main())
