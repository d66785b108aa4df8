import asyncio

PATH = "/"  # the path to ask for

PAGES = {"/": b"Hello, world!", "/index.html": b"Hello, world!"}

handlers = set()  # the server does not wait for the tasks it starts: we keep them here


async def tiny_http_server(reader, writer):
    handlers.add(asyncio.current_task())
    request_line = (await reader.readline()).decode("latin-1").strip()
    while (await reader.readline()).strip():  # skip the request's headers, up to the empty line
        pass
    print("server got:", request_line)
    page = PAGES.get(request_line.split()[1])
    status = "200 OK" if page is not None else "404 Not Found"
    body = page or b"Not found"
    writer.write(  # the answer to HEAD: status line and headers, no body
        f"HTTP/1.0 {status}\r\n"
        "Server: tiny-asyncio\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "\r\n".encode("latin-1")
    )
    await writer.drain()
    writer.close()  # HTTP/1.0: closing the connection marks the end of the answer
    await writer.wait_closed()


async def print_http_headers(port, path):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.writelines(  # several byte strings, one after the other
            [f"HEAD {path} HTTP/1.0\r\n".encode("latin-1"), b"Host: localhost\r\n", b"\r\n"]
        )
        await writer.drain()
        async for raw in reader:  # line by line until the server closes (end of stream)
            line = raw.decode("latin-1").rstrip()  # latin-1 decodes any byte
            if line:
                print(f"HTTP header> {line}")
    finally:
        writer.close()
        await writer.wait_closed()


async def main():
    # A local server stands in for a web site, so no internet is needed.
    server = await asyncio.start_server(tiny_http_server, "127.0.0.1", 0)
    async with server:
        await print_http_headers(server.sockets[0].getsockname()[1], PATH)
        await asyncio.gather(*handlers)


if __name__ == "__main__":
    asyncio.run(main())
