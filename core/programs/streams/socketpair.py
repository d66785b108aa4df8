import asyncio
import socket

TEXT = "abc"  # what to send


async def main():
    loop = asyncio.get_running_loop()
    # Two sockets already connected to each other: no server, no address.
    stream_end, plain_end = socket.socketpair()
    plain_end.setblocking(False)  # loop.sock_recv needs a non-blocking socket
    writer = None
    try:
        # Wrap one end in a StreamReader/StreamWriter pair; the stream now owns that socket.
        reader, writer = await asyncio.open_connection(sock=stream_end)
        loop.call_soon(plain_end.send, TEXT.encode())  # "data from the network", next loop turn
        data = await reader.read(100)
        print("the stream end received:", data.decode())

        writer.write(data[::-1])
        await writer.drain()
        answer = await loop.sock_recv(plain_end, 100)
        print("the plain end received:", answer.decode())

        writer.close()
        await writer.wait_closed()
        print("closing the writer closed its socket too:", stream_end.fileno() == -1)
    finally:  # however main ends, also stopped half-way
        if writer is not None:
            writer.close()  # closing a second time does nothing
        stream_end.close()  # closed with its stream, unless stopped before the stream existed
        plain_end.close()


if __name__ == "__main__":
    asyncio.run(main())
