"""Events per second of the PyTorch reference pipeline (bench/reference/reference_pipeline.py)
driven by T Python threads, each on its own CUDA stream, reading its events from the CSV files
as `trackgnn run` does. It shows what the global interpreter lock leaves of concurrency: every
op launch, the pandas parsing outside its C loops and the numpy/scipy glue hold the lock.

Stage ends synchronise the thread's own stream instead of the whole device, so threads are not
serialised by the timer itself.

  python3 bench/throughput/python_threaded_driver.py --input DIR --models DIR \
      --threads 1 2 4 8 --events 16 [--device cuda] [--json out.json]
"""
import argparse
import concurrent.futures
import json
import os
import sys
import threading
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "reference"))
import reference_pipeline as reference  # noqa: E402


class StreamStageTimer(reference.StageTimer):
    def stage(self, name):
        if self.device.type == "cuda":
            torch.cuda.current_stream(self.device).synchronize()
        now = time.perf_counter()
        self.seconds[name] = now - self.start
        self.start = now


reference.StageTimer = StreamStageTimer


def run_pass(ids, threads, models, card, args, device):
    local = threading.local()

    def one_event(event_id):
        if device.type == "cuda" and not hasattr(local, "stream"):
            local.stream = torch.cuda.Stream(device)
        with torch.cuda.stream(local.stream) if device.type == "cuda" else torch.no_grad():
            event = reference.read_event(args.input, event_id, card["features"])
            _, counts = reference.run_event(event, models, card, device, args.block)
        return counts["tracks"]

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        tracks = list(pool.map(one_event, ids))
    return time.perf_counter() - start, tracks


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", required=True)
    parser.add_argument("--models", required=True)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--events", type=int, default=16)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--block", type=int, default=4096)
    parser.add_argument("--json")
    args = parser.parse_args()

    device = torch.device(args.device)
    with open(os.path.join(args.models, "card.json")) as stream:
        card = json.load(stream)
    loaded = reference.load_models(args.models, card, device)
    models = loaded[0] if isinstance(loaded, tuple) else loaded  # newer versions also say how the models run
    ids = reference.list_events(args.input)[:args.events]
    run_pass(ids[:2], 1, models, card, args, device)  # warm-up: kernels, allocator, page cache
    results = []
    serial_tracks = None
    for threads in args.threads:
        seconds, tracks = run_pass(ids, threads, models, card, args, device)
        serial_tracks = serial_tracks or tracks
        results.append({"threads": threads, "events": len(ids), "seconds": seconds,
                        "events_per_second": len(ids) / seconds, "same_tracks_as_first": tracks == serial_tracks})
        print("python reference, %d thread(s): %d events in %.2f s, %.2f events/s" % (
            threads, len(ids), seconds, len(ids) / seconds), flush=True)
    if args.json:
        with open(args.json, "w") as stream:
            json.dump({"torch": torch.__version__, "device": str(device), "results": results}, stream, indent=2)


if __name__ == "__main__":
    main()
