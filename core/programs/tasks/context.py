import asyncio
import contextvars

REQUEST_ID = 12345  # the value set in the copied context

request_id = contextvars.ContextVar("request_id", default="(unset)")


async def handle(label):
    print(f"{label}: request_id = {request_id.get()}")
    request_id.set("changed inside the task")  # stays in this task's own context
    await asyncio.sleep(0.5)


async def main():
    copied = contextvars.copy_context()
    copied.run(request_id.set, REQUEST_ID)  # set the variable in the copy only

    with_ctx = asyncio.create_task(
        handle("with context=copied"), name="with-context", context=copied
    )
    plain = asyncio.create_task(handle("default context"), name="default-context")
    await with_ctx
    await plain
    print("the caller afterwards: request_id =", request_id.get())
    print("the copied context now holds:", copied[request_id])


if __name__ == "__main__":
    asyncio.run(main())
