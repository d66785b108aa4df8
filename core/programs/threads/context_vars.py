import asyncio
import contextvars

VALUE = "req-42"  # what the task puts in request_id

# Context variables are made once, at module level.
request_id = contextvars.ContextVar("request_id", default="-")


def read_request_id(how):
    print(f"{how}: the worker thread sees request_id = {request_id.get()!r}")


def change_request_id():
    request_id.set("changed-in-thread")  # changes only the copy this call runs in


async def main():
    request_id.set(VALUE)
    loop = asyncio.get_running_loop()

    # to_thread copies this task's context and runs the function inside the copy ...
    await asyncio.to_thread(read_request_id, "to_thread")
    # ... run_in_executor copies nothing: the function sees the worker thread's own context
    await loop.run_in_executor(None, read_request_id, "run_in_executor")

    # a copy is a copy: what the thread sets does not come back
    await asyncio.to_thread(change_request_id)
    print(f"back in the task, request_id = {request_id.get()!r}")


if __name__ == "__main__":
    asyncio.run(main())
