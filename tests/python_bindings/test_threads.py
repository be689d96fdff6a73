"""Python threads sharing one Pipeline: run() releases the GIL while the pipeline computes, and
concurrent runs give the tracks of runs one after the other."""

import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

CONCURRENT_THREADS = 2
# Long enough that the interpreter never takes the GIL from a thread on its own during the test:
# a thread then gives it up only by blocking or by releasing it, as run() must.
NO_FORCED_SWITCH_SECONDS = 1000.0


def test_concurrent_runs_give_sequential_tracks(pipeline, events, tracks):
    jobs = [event.hits for event in events] * CONCURRENT_THREADS
    with ThreadPoolExecutor(max_workers=CONCURRENT_THREADS) as pool:
        results = list(pool.map(pipeline.run, jobs))
    for job, result in enumerate(results):
        expected = tracks[job % len(events)]
        assert np.array_equal(result["track_id"].to_numpy(), expected["track_id"].to_numpy())
        assert np.array_equal(result["hit_id"].to_numpy(), expected["hit_id"].to_numpy())


def test_other_threads_run_python_while_the_pipeline_computes(pipeline, events):
    # With no forced switches, this thread can run between the worker's `started.set()` and the
    # end of its run() only if run() lets go of the GIL; and the worker, once its computation
    # ends, cannot store its result before this thread blocks in join(). So `finished` is still
    # empty here exactly when the GIL was released.
    started = threading.Event()
    finished = []

    def worker():
        started.set()
        finished.append(pipeline.run(events[0].hits))

    previous_interval = sys.getswitchinterval()
    sys.setswitchinterval(NO_FORCED_SWITCH_SECONDS)
    try:
        thread = threading.Thread(target=worker)
        thread.start()
        started.wait()
        ran_during_the_computation = not finished
        thread.join()
    finally:
        sys.setswitchinterval(previous_interval)
    assert ran_during_the_computation, "run() held the GIL for the whole computation"
    assert len(finished) == 1
