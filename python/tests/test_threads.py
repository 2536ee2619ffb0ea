"""Calls from several threads: the same answers as one thread, and the GIL is
released while the library works (ctypes.CDLL drops it around each call)."""
import threading
import time
import unittest
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Tuple

import watpl

T0 = 1767225600
TEMPLATE: Dict[str, Any] = {
    "name": "order_shipped", "language": "en_US", "category": "UTILITY",
    "components": [{"type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped.",
                    "example": {"body_text": [["Ana", "A-1"]]}}]}


def work(i: int) -> Tuple[Any, ...]:
    """One of everything, with inputs that depend on i."""
    body = "Hi {{1}}, your order {{2}} has shipped."
    if i % 2:
        body += " Get %d%% off your next order!" % (i % 50)
    tpl = dict(TEMPLATE, components=[dict(TEMPLATE["components"][0], text=body)])
    report = watpl.lint(tpl)
    classification = watpl.classify(tpl)
    rendered = watpl.render(tpl, [{"type": "body", "parameters": [{"type": "text", "text": "Ana %d" % i},
                                                                  {"type": "text", "text": "A-%d" % i}]}])
    w = watpl.Window().inbound(T0 + i, entry="ctwa" if i % 2 else None).outbound(T0 + i + 60, "UTILITY")
    answer = w.query(T0 + i + 3600 * (i % 30), "MARKETING")
    return report, classification, rendered, answer, w.save()


class ThreadsTest(unittest.TestCase):
    def test_eight_threads_give_the_answers_of_one(self) -> None:
        n = 400
        serial = [work(i) for i in range(n)]
        with ThreadPoolExecutor(max_workers=8) as pool:
            parallel = list(pool.map(work, range(n)))
        self.assertEqual(parallel, serial)
        self.assertEqual(len({r[1].category for r in serial}), 2)  # the inputs differ in their answers

    def test_the_gil_is_released_during_a_library_call(self) -> None:
        # A long classification (~0.1-0.3 s of C) in a thread: the main thread keeps
        # running Python meanwhile. Were the GIL held, no main-thread step could fall
        # inside the call, and the longest pause would be the whole call.
        text = ("Get 20% off your order today! " * 130000).encode()
        gaps: List[Tuple[float, float]] = []
        for _attempt in range(3):
            done = threading.Event()
            span: List[float] = []

            def classify_long() -> None:
                span.append(time.perf_counter())
                watpl.classify_text(text, "en")
                span.append(time.perf_counter())
                done.set()

            worker = threading.Thread(target=classify_long)
            steps = [time.perf_counter()]
            worker.start()
            while not done.is_set():
                steps.append(time.perf_counter())
            worker.join()
            steps.append(time.perf_counter())
            call = span[1] - span[0]
            longest = max(b - a for a, b in zip(steps, steps[1:]))
            gaps.append((longest, call))
            if call > 0.05 and longest < call / 2:
                return
        self.fail("the main thread stalled during every library call (longest pause, call): %r" % gaps)


if __name__ == "__main__":
    unittest.main()
