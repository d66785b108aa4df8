"""Run a plain asyncio program (a lesson or the learner's own script) under the lab's eyes.

The program is ordinary Python: ``import asyncio``, ``print``, ``time.sleep``,
``asyncio.run(main())``. The lab watches it from outside: its prints are captured per task and
thread, its clock is stretched for slow motion, its locks and queues report who holds and who
waits, and ``asyncio.run`` hands its coroutine to the loop the lab shows.
"""
