import asyncio

MESSAGES = 3  # messages the client sends


class EchoServer(asyncio.Protocol):
    """The loop calls these methods when something happens on a connection."""

    def connection_made(self, transport):
        self.transport = transport
        print("server: connection_made")

    def data_received(self, data):
        self.transport.write(data.upper())  # no await: write() only buffers

    def eof_received(self):
        print("server: eof_received")  # returning None closes the transport


class EchoClient(asyncio.Protocol):
    def __init__(self, finished):
        self.received = b""
        self.finished = finished  # a future that connection_lost completes

    def connection_made(self, transport):
        print("client: connection_made")

    def data_received(self, data):
        self.received += data  # any slice of the bytes: TCP keeps no message borders

    def connection_lost(self, exc):
        print("client: connection_lost")
        if not self.finished.done():  # main may have stopped waiting (cancelled) already
            self.finished.set_result(self.received)


async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(EchoServer, "127.0.0.1", 0)  # port 0: any free port
    async with server:
        port = server.sockets[0].getsockname()[1]
        finished = loop.create_future()
        transport, _ = await loop.create_connection(lambda: EchoClient(finished), "127.0.0.1", port)
        try:
            for i in range(1, MESSAGES + 1):
                transport.write(f"message {i}\n".encode())
            transport.write_eof()  # "I am done sending"; the server answers, then closes
            received = await finished
        finally:
            transport.close()
    replies = received.decode().splitlines()
    print(f"{len(replies)} replies: {replies}")


if __name__ == "__main__":
    asyncio.run(main())
