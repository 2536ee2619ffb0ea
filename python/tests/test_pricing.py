"""Markets and prices: watpl.market_of, watpl.price_message and priced window
answers (Window.query(..., recipient=...)). With a library that has no pricing
API, each of them raises watpl.Error saying so."""
import unittest
from decimal import Decimal
from typing import Any, Callable, List, Tuple, Type

import watpl
from watpl import pricing

T0 = 1767225600  # 2026-01-01T00:00:00Z
BRAZIL = "+55 11 99999-0000"


@unittest.skipUnless(pricing.AVAILABLE, "the loaded libwatpl has no pricing API")
class PricingTest(unittest.TestCase):
    def test_market_of_a_number(self) -> None:
        self.assertEqual(watpl.market_of(BRAZIL), watpl.Market("Brazil", "BR"))
        self.assertEqual(watpl.market_of("5511999990000"), watpl.market_of(BRAZIL))

    def test_list_price_is_exact(self) -> None:
        p = watpl.price_message(BRAZIL, "marketing", T0)
        self.assertTrue(p.known)
        self.assertEqual(p.reason, "list_rate")
        self.assertEqual((p.market, p.country_iso, p.currency, p.pricing_category),
                         ("Brazil", "BR", "USD", "marketing"))
        assert p.amount is not None and p.amount_micros is not None
        self.assertIsInstance(p.amount, Decimal)
        self.assertGreater(p.amount, 0)
        self.assertEqual(p.amount, Decimal(p.amount_micros) / 1000000)
        self.assertLess(watpl.price_message(BRAZIL, "utility", T0).amount or 0, p.amount)

    def test_unknown_prices_say_why(self) -> None:
        p = watpl.price_message(BRAZIL, "marketing", T0, "JPY")
        self.assertEqual((p.known, p.amount, p.amount_micros, p.currency, p.reason),
                         (False, None, None, None, "unknown.currency"))

    def test_priced_window_answers(self) -> None:
        w = watpl.Window().inbound(T0)
        marketing = w.query(T0 + 100, "MARKETING", recipient=BRAZIL)
        self.assertTrue(marketing.billable)
        self.assertEqual(marketing.price, watpl.price_message(BRAZIL, "marketing", T0 + 100))
        free = w.query(T0 + 100, "SERVICE", recipient=BRAZIL)
        assert free.price is not None
        self.assertEqual((free.price.known, free.price.amount, free.price.reason), (True, Decimal("0"), "free"))
        self.assertIsNone(w.query(T0 + 100, "MARKETING").price)  # no recipient, no price
        d = marketing.to_dict()
        self.assertEqual((d["market"], d["price"], d["currency"], d["price_reason"]),
                         ("Brazil", marketing.price.amount if marketing.price else None, "USD", "list_rate"))
        self.assertNotIn("market", w.query(T0 + 100, "MARKETING").to_dict())

    def test_rates_and_cards(self) -> None:
        rates = watpl.Rates()
        cards = rates.cards
        self.assertTrue(cards)
        self.assertIn("USD", {c.currency for c in cards})
        self.assertLessEqual({c.model for c in cards}, {"CBP", "PMP"})
        with self.assertRaises(watpl.InputError) as cm:
            rates.load_card("not a card\n")
        self.assertTrue(cm.exception.rule.startswith("card."), cm.exception.rule)
        self.assertEqual(rates.cards, cards)  # a refused card changes nothing
        self.assertEqual(watpl.price_message(BRAZIL, "marketing", T0, rates=rates),
                         watpl.price_message(BRAZIL, "marketing", T0))

    def test_usage_errors(self) -> None:
        api: Any = watpl
        w: Any = watpl.Window()
        cases: List[Tuple[Callable[[], object], Type[Exception], str]] = [
                (lambda: api.market_of("hello"), ValueError, "number"),
                (lambda: api.market_of(5511), TypeError, "number"),
                (lambda: api.price_message("hello", "marketing", T0), ValueError, "recipient"),
                (lambda: api.price_message(BRAZIL, "MARKETING", T0), ValueError, "pricing_category"),
                (lambda: api.price_message(BRAZIL, "marketing", T0 + 0.5), TypeError, "t"),
                (lambda: api.price_message(BRAZIL, "marketing", T0, "usd"), ValueError, "currency"),
                (lambda: api.price_message(BRAZIL, "marketing", T0, auth_international=1), TypeError,
                 "auth_international"),
                (lambda: w.query(T0, "MARKETING", recipient=5511), TypeError, "recipient"),
                (lambda: w.query(T0, "MARKETING", recipient=BRAZIL, rates="USD"), TypeError, "rates")]
        for call, cls, argument in cases:
            with self.assertRaises(cls) as cm:
                call()
            self.assertIsInstance(cm.exception, watpl.UsageError)
            assert isinstance(cm.exception, watpl.UsageError)
            self.assertEqual(cm.exception.argument, argument)


@unittest.skipIf(pricing.AVAILABLE, "the loaded libwatpl has the pricing API")
class NoPricingTest(unittest.TestCase):
    def test_each_pricing_call_says_the_library_lacks_it(self) -> None:
        calls: List[Callable[[], object]] = [
            lambda: watpl.market_of(BRAZIL), lambda: watpl.price_message(BRAZIL, "marketing", T0),
            lambda: watpl.Window().query(T0, "MARKETING", recipient=BRAZIL), watpl.Rates]
        for call in calls:
            with self.assertRaises(watpl.Error) as cm:
                call()
            self.assertIn("has no pricing API", str(cm.exception))
        self.assertIsNone(watpl.Window().query(T0, "MARKETING").price)


if __name__ == "__main__":
    unittest.main()
