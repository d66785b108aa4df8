import asyncio
import contextvars

USER = "ada"  # who logs in

user = contextvars.ContextVar("user", default="(nobody)")


async def handle(request):
    print(f"{request}: user is {user.get()}")
    if request == "login":
        user.set(USER)  # set inside this run's context
    await asyncio.sleep(0.2)


if __name__ == "__main__":
    session = contextvars.copy_context()  # a Context object of our own
    with asyncio.Runner() as runner:
        runner.run(handle("login"), context=session)
        runner.run(handle("profile"), context=session)  # same context: sees the login
        runner.run(handle("other client"))  # the runner's default context: does not
        runner.run(handle("settings"), context=session)
    print("the session context holds:", session[user])
    print("the top level still sees:", user.get())
    asyncio.run(handle("asyncio.run"))  # a fresh copy of the top level's context
