import asyncio
import os
import socket
import tempfile

MESSAGES = 3  # messages sent over one connection

handlers = set()  # the server does not wait for the tasks it starts: we keep them here


async def shout_back(reader, writer):
    handlers.add(asyncio.current_task())
    async for line in reader:  # line by line, until the client closes its end
        writer.write(line.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    if not hasattr(socket, "AF_UNIX"):
        print("no Unix domain sockets on this platform (socket.AF_UNIX is missing)")
        return
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "echo.sock")  # an address that is a file name
        server = await asyncio.start_unix_server(shout_back, path=path)
        async with server:
            print("the socket is a file in the folder:", os.listdir(folder))
            reader, writer = await asyncio.open_unix_connection(path)
            try:
                for i in range(1, MESSAGES + 1):
                    writer.write(f"message {i}\n".encode())
                    await writer.drain()
                    reply = await reader.readline()
                    print("client got", reply.decode().strip())
            finally:
                writer.close()
                await writer.wait_closed()
            await asyncio.gather(*handlers)  # the handler sees the end of input and closes
    # Leaving the with-block removed the folder, and the socket file with it.


if __name__ == "__main__":
    asyncio.run(main())
