import asyncio
import time

CLIENTS = 3  # clients connecting at once
DELAY = 1.0  # seconds the server takes per message

handlers = set()  # the server does not wait for the tasks it starts: we keep them here


async def handle_echo(reader, writer):
    # start_server runs this coroutine in a new task for every connection.
    peer_port = writer.get_extra_info("peername")[1]  # the client's end of the connection
    asyncio.current_task().set_name(f"handler-{peer_port}")
    handlers.add(asyncio.current_task())
    line = await reader.readline()
    print(f"server got {line.decode().strip()!r}")
    await asyncio.sleep(DELAY)  # other connections are served meanwhile
    writer.write(line)
    await writer.drain()  # wait until the bytes are on their way
    writer.close()
    await writer.wait_closed()


async def client(name, port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"hello from {name}\n".encode())
        await writer.drain()
        reply = await reader.readline()
        print(f"{name} received {reply.decode().strip()!r}")
    finally:
        writer.close()  # only starts closing...
        print(f"{name}: is_closing() right after close(): {writer.is_closing()}")
        await writer.wait_closed()  # ...this waits until it is closed


async def main():
    # Port 0: the operating system picks a free port.
    server = await asyncio.start_server(handle_echo, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()[:2]
    print(f"listening on {host}, on a port the OS chose: {port > 0}")
    async with server:  # closes the listening socket on the way out
        started = time.perf_counter()
        async with asyncio.TaskGroup() as tg:
            for i in range(1, CLIENTS + 1):
                tg.create_task(client(f"client-{i}", port), name=f"client-{i}")
        took = time.perf_counter() - started
        await asyncio.gather(*handlers)  # let every handler finish closing its end
    print(f"{CLIENTS} clients served in {took:.1f} s; one request takes {DELAY:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
