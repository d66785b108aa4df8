import asyncio

REQUESTS = 3  # requests a client makes while the server runs
PAUSE = 0.5  # seconds between requests
STOP_WITH = "cancel"  # "cancel" the task running serve_forever(), or "close" the server

handlers = set()  # the server does not wait for the tasks it starts: we keep them here


async def shout(reader, writer):
    handlers.add(asyncio.current_task())
    line = await reader.readline()
    writer.write(line.upper())
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def ask(port, text):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"{text}\n".encode())
        await writer.drain()
        return (await reader.readline()).decode().strip()
    finally:
        writer.close()
        await writer.wait_closed()


async def main():
    server = await asyncio.start_server(shout, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        # serve_forever() only returns by being cancelled: run it in a task of its own.
        serving = asyncio.create_task(server.serve_forever(), name="serve-forever")
        for i in range(1, REQUESTS + 1):
            await asyncio.sleep(PAUSE)
            print("reply:", await ask(port, f"request {i}"))
        print("serving before the stop:", server.is_serving())

        if STOP_WITH == "cancel":
            serving.cancel()  # serve_forever() closes the server as it ends
        else:
            server.close()  # serve_forever() notices and ends the same way
        await asyncio.wait([serving])  # wait for the task to end, without raising
        print(f"after {STOP_WITH}: serve_forever() task cancelled:", serving.cancelled())
        print("serving after the stop:", server.is_serving())
        await asyncio.gather(*handlers)  # stopping the server does not wait for these

    try:
        await ask(port, "one more")
    except ConnectionRefusedError:
        print("a new client is refused: ConnectionRefusedError")


if __name__ == "__main__":
    asyncio.run(main())
