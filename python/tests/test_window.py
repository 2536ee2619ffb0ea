"""watpl.Window: events, queries, saved state (docs/window.md)."""
import random
import unittest
import zlib
from typing import Callable, List

import watpl

DAY = 86400
T0 = 1767225600  # 2026-01-01T00:00:00Z
S2026 = 1790812800


class WindowTest(unittest.TestCase):
    def test_contract_example(self) -> None:
        w = watpl.Window()
        w.inbound(T0, entry="ctwa")
        w.outbound(T0 + 300, "UTILITY")
        a = w.query(1767300000, "MARKETING")
        self.assertEqual(a.to_dict(), {
            "t": 1767300000, "kind": "MARKETING", "csw_open": True, "csw_closes_at": 1767312000,
            "fep_open": True, "fep_until": 1767485100, "allowed": True, "billable": False,
            "pricing_model": "PMP", "pricing_category": "referral_conversion",
            "pricing_type": "free_entry_point", "initiator": "user", "reason": "fep.open",
            "schedule": "2025-07"})
        self.assertFalse(a["billable"])

    def test_window_open_until_exactly_24h(self) -> None:
        w = watpl.Window().call(T0)
        self.assertTrue(w.query(T0 + DAY - 1, "SERVICE").allowed)
        closed = w.query(T0 + DAY, "SERVICE")
        self.assertFalse(closed.allowed)
        self.assertEqual(closed.reason, "csw.closed")
        self.assertEqual(closed.csw_closes_at, T0 + DAY)

    def test_outbound_does_not_open_the_window(self) -> None:
        w = watpl.Window().outbound(T0, "MARKETING")
        a = w.query(T0 + 1, "SERVICE")
        self.assertFalse(a.csw_open)
        self.assertIsNone(a.csw_closes_at)

    def test_desktop_entry_gives_no_free_entry_point(self) -> None:
        w = watpl.Window().inbound(T0, entry="ctwa", device="desktop").outbound(T0 + 5, "SERVICE")
        self.assertFalse(w.query(T0 + 10, "MARKETING").fep_open)

    def test_schedule_2026_10_is_opt_in(self) -> None:
        w = watpl.Window().welcome(S2026)
        self.assertFalse(w.query(S2026 + 1, "UTILITY").billable)
        a = w.query(S2026 + 1, "UTILITY", schedule="2026-10")
        self.assertTrue(a.billable)
        self.assertEqual(a.schedule, "2026-10")
        self.assertTrue(w.query(S2026 + 1, "SERVICE", "2026-10", service_sent_this_month=1000).billable)

    def test_conversation_based_pricing_before_july_2025(self) -> None:
        a = watpl.Window().query(1709510400, "MARKETING")
        self.assertEqual(a.pricing_model, "CBP")
        self.assertIsNone(a.pricing_type)
        self.assertIsNone(a.schedule)
        self.assertEqual(a.reason, "cbp.new_conversation")

    def test_any_order_gives_the_same_saved_state(self) -> None:
        events: List[Callable[[watpl.Window], object]] = [
            lambda w: w.inbound(T0, entry="ctwa"), lambda w: w.outbound(T0 + 60, "UTILITY"),
            lambda w: w.call(T0 + DAY), lambda w: w.welcome(T0 - 5),
            lambda w: w.outbound(T0 + 2 * DAY, "MARKETING")]
        rng = random.Random(1)
        blobs = set()
        for _ in range(20):
            rng.shuffle(events)
            w = watpl.Window()
            for event in events:
                event(w)
            blobs.add(w.save())
        self.assertEqual(len(blobs), 1)

    def test_save_load_round_trip(self) -> None:
        w = watpl.Window().inbound(T0, entry="page_cta").outbound(T0 + 1, "SERVICE")
        blob = w.save()
        self.assertEqual(blob[:4], b"WTPW")
        # the last 4 bytes are the CRC-32 (zlib's) of the rest, little-endian (docs/window.md)
        self.assertEqual(int.from_bytes(blob[-4:], "little"), zlib.crc32(blob[:-4]))
        w2 = watpl.Window.load(blob)
        self.assertEqual(w2.save(), blob)
        self.assertEqual(w2.query(T0 + 2, "UTILITY"), w.query(T0 + 2, "UTILITY"))

    def test_damaged_or_truncated_state_is_rejected(self) -> None:
        blob = watpl.Window().call(T0).save()
        for bad in (blob[:-1], blob[:10], b"", bytes([blob[0] ^ 1]) + blob[1:],
                    blob[:20] + bytes([blob[20] ^ 0x80]) + blob[21:]):
            with self.assertRaises(watpl.SavedStateError) as cm:
                watpl.Window.load(bad)
            self.assertEqual(cm.exception.code, -9)  # WATPL_ECORRUPT

    def test_bad_arguments(self) -> None:
        w = watpl.Window()
        with self.assertRaises(ValueError):
            w.outbound(T0, "PROMO")  # type: ignore[arg-type]
        with self.assertRaises(ValueError):
            w.inbound(T0, entry="tv")  # type: ignore[arg-type]
        with self.assertRaises(ValueError):
            w.query(T0, "SERVICE", schedule="2030-01")  # type: ignore[arg-type]
        with self.assertRaises(watpl.Error) as cm:
            w.call(2 ** 63 - 1)
        self.assertEqual(cm.exception.code, -1)  # WATPL_EINVAL: t + 72h would overflow
        with self.assertRaises(watpl.Error):
            w.call(2 ** 63)
        w.call(-(2 ** 63))
        self.assertTrue(w.query(-(2 ** 63), "SERVICE").csw_open)


if __name__ == "__main__":
    unittest.main()
