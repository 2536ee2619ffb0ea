#!/usr/bin/env python3
"""The rule fixtures: for every rule of the catalogue, a template that triggers
it and a close variant that must not (send.* rules: a template and two
parameter sets). Writes tests/data/rules/cases.jsonl, read by tests/test_rules.c.

Run from the repository root: python3 tools/gen_rule_cases.py
"""
import json
def T(comps, cat="UTILITY", name="order_update", lang="en_US", **kw):
    d = {"name": name, "language": lang, "category": cat}
    d.update(kw)
    d["components"] = comps
    return d
def BODY(text, ex=None, **kw):
    c = {"type": "BODY", "text": text}
    if ex is not None: c["example"] = {"body_text": [ex]}
    c.update(kw); return c
OKB = BODY("Your order has shipped and will arrive on Friday.")
OKV = BODY("Hello {{1}}, your order has shipped and will arrive on Friday.", ["Ana"])
def BTN(*b): return {"type": "BUTTONS", "buttons": list(b)}
QR = lambda t="Stop updates": {"type": "QUICK_REPLY", "text": t}
URL = lambda u="https://shop.example.com/track", t="Track order", **kw: dict({"type": "URL", "text": t, "url": u}, **kw)
PH = lambda p="+15550100000": {"type": "PHONE_NUMBER", "text": "Call us", "phone_number": p}
CC = lambda e="SAVE10": {"type": "COPY_CODE", "example": e}
def HDR(text, ex=None):
    c = {"type": "HEADER", "format": "TEXT", "text": text}
    if ex is not None: c["example"] = {"header_text": ex}
    return c
def MEDIA(fmt="IMAGE", handle=True):
    c = {"type": "HEADER", "format": fmt}
    if handle: c["example"] = {"header_handle": ["4::abc"]}
    return c
def AUTH(comps): return T(comps, cat="AUTHENTICATION", name="login_code")
ABODY = {"type": "BODY", "add_security_recommendation": True}
OTP = lambda **kw: dict({"type": "OTP", "otp_type": "COPY_CODE"}, **kw)
APP = {"package_name": "com.example.app", "signature_hash": "K8a/AINcGX7"}
CARD = lambda body="Linen shirt in five colours.", btns=None, hdr="IMAGE": {"components": ([MEDIA(hdr)] if hdr else []) + [{"type": "BODY", "text": body}, BTN(*(btns if btns is not None else [QR("More")]))]}
def CAR(cards): return {"type": "CAROUSEL", "cards": cards}
MKB = BODY("Hi {{1}}, new arrivals picked for you this week. Take a look!", ["Ana"])
LTO = lambda text="Expiring offer!": {"type": "LIMITED_TIME_OFFER", "limited_time_offer": {"text": text, "has_expiration": True}}
cases = []
def case(rule, trigger, clean, **kw):
    cases.append(dict(rule=rule, trigger=trigger, clean=clean, **kw))

case("template.name.missing", {"language": "en_US", "category": "UTILITY", "components": [OKB]}, T([OKB]))
case("template.name.charset", T([OKB], name="Order Update"), T([OKB], name="order_update_2"))
case("template.name.too_long", T([OKB], name="a" * 513), T([OKB], name="a" * 512))
case("template.language.missing", {"name": "x", "category": "UTILITY", "components": [OKB]}, T([OKB]))
case("template.language.unknown", T([OKB], lang="en-US"), T([OKB], lang="pt_BR"))
case("template.category.missing", {"name": "x", "language": "en_US", "components": [OKB]}, T([OKB]))
case("template.category.invalid", T([OKB], cat="PROMO"), T([OKB], cat="UTILITY"))
case("template.category.legacy", T([OKB], cat="SHIPPING_UPDATE"), T([OKB]))
case("template.parameter_format.invalid", T([OKB], parameter_format="numbered"), T([OKB], parameter_format="POSITIONAL"))
case("template.component.unknown", T([OKB, {"type": "SIDEBAR"}]), T([OKB]))
case("template.component.duplicate", T([OKB, OKB]), T([OKB]))
case("template.body.missing", T([HDR("Order update")]), T([HDR("Order update"), OKB]))
case("header.format.invalid", T([{"type": "HEADER", "format": "AUDIO"}, OKB]), T([MEDIA("VIDEO"), OKB]))
case("header.text.missing", T([{"type": "HEADER", "format": "TEXT"}, OKB]), T([HDR("Order update"), OKB]))
case("header.text.too_long", T([HDR("x" * 61), OKB]), T([HDR("x" * 60), OKB]))
case("header.text.too_many_params", T([HDR("Order {{1}} for {{2}}", ["1", "2"]), OKB]), T([HDR("Order {{1}}", ["A1"]), OKB]))
case("header.text.newline", T([HDR("Order\nupdate"), OKB]), T([HDR("Order update"), OKB]))
case("header.text.formatting", T([HDR("Your *new* order"), OKB]), T([HDR("Your new_order"), OKB]))
case("header.example.missing", T([HDR("Order {{1}}"), OKB]), T([HDR("Order {{1}}", ["A1"]), OKB]))
case("body.empty", T([BODY("   ")]), T([OKB]))
case("body.too_long", T([BODY("a" * 1025)]), T([BODY("a" * 1024)]))
case("body.leading_param", T([BODY("{{1}}\n\nYour order has shipped and will arrive soon.", ["Ana"])]), T([OKV]))
case("body.trailing_param", T([BODY("Your order has shipped and will arrive on {{1}}", ["Friday"])]), T([BODY("Your order will arrive on {{1}}.", ["Friday"])]))
case("body.adjacent_params", T([BODY("Hello there, your order {{1}} {{2}} has shipped today.", ["a", "b"])]), T([BODY("Hello there, your order {{1}} of {{2}} has shipped today.", ["a", "b"])]))
case("body.too_many_params", T([BODY("Hi {{1}} and {{2}} go {{3}}.", ["a", "b", "c"])]), T([OKV]))
case("body.consecutive_newlines", T([BODY("Your order has shipped.\n\n\nIt arrives Friday.")]), T([BODY("Your order has shipped.\n\nIt arrives Friday.")]))
case("body.emoji_count", T([BODY("Your order has shipped 📦📦📦📦📦📦📦 and will arrive on Friday.")]), T([BODY("Your order has shipped 📦📦📦📦📦📦 and will arrive on Friday.")]))
case("body.shortened_url", T([BODY("Track your order at https://bit.ly/abc123 any time you like.")]), T([BODY("Track your order at https://rabbit.ly/abc123 any time you like.")]))
case("body.example.missing", T([BODY("Hello {{1}}, your order has shipped and will arrive on Friday.")]), T([OKV]))
case("param.malformed", T([BODY("Hello {1}, your order has shipped and will arrive on Friday.")]), T([OKV]))
case("param.special_chars", T([BODY("Hello {{#}}, your order has shipped and will arrive on Friday.")]), T([OKV]))
case("param.not_sequential", T([BODY("Hello {{1}}, your order {{3}} has shipped and will arrive on Friday.", ["a", "b"])]), T([BODY("Hello {{1}}, your order {{2}} has shipped and will arrive on Friday.", ["a", "b"])]))
case("param.mixed_formats", T([BODY("Hello {{first_name}}, your order has shipped and will arrive on Friday.")]),
     T([{"type": "BODY", "text": "Hello {{first_name}}, your order has shipped and will arrive on Friday.", "example": {"body_text_named_params": [{"param_name": "first_name", "example": "Ana"}]}}], parameter_format="named"))
case("param.named.invalid", T([BODY("Hello {{First Name}}, your order has shipped and will arrive on Friday.")], parameter_format="named"),
     T([{"type": "BODY", "text": "Hello {{first_name}}, your order has shipped and will arrive on Friday.", "example": {"body_text_named_params": [{"param_name": "first_name", "example": "Ana"}]}}], parameter_format="named"))
case("footer.too_long", T([OKB, {"type": "FOOTER", "text": "f" * 61}]), T([OKB, {"type": "FOOTER", "text": "f" * 60}]))
case("footer.param", T([OKB, {"type": "FOOTER", "text": "Write to {{1}} today"}]), T([OKB, {"type": "FOOTER", "text": "Write to us today"}]))
case("footer.newline", T([OKB, {"type": "FOOTER", "text": "Shop\nteam"}]), T([OKB, {"type": "FOOTER", "text": "Shop team"}]))
case("buttons.too_many", T([OKB, BTN(*[QR("Q%d" % i) for i in range(11)])]), T([OKB, BTN(*[QR("Q%d" % i) for i in range(10)])]))
case("buttons.url.too_many", T([OKB, BTN(URL(), URL(t="Two"), URL(t="Three"))]), T([OKB, BTN(URL(), URL(t="Two"))]))
case("buttons.phone.too_many", T([OKB, BTN(PH(), PH())]), T([OKB, BTN(PH())]))
case("buttons.copy_code.too_many", T([OKB, BTN(CC(), CC())], cat="MARKETING"), T([OKB, BTN(CC())], cat="MARKETING"))
case("buttons.grouping", T([OKB, BTN(QR("A"), URL(), QR("B"))]), T([OKB, BTN(QR("A"), QR("B"), URL())]))
case("button.type.invalid", T([OKB, BTN({"type": "TELEPORT", "text": "Go"})]), T([OKB, BTN(QR())]))
case("button.type.not_allowed", T([OKB, BTN(OTP())]), T([OKB, BTN(QR())]))
case("button.text.missing", T([OKB, BTN({"type": "QUICK_REPLY"})]), T([OKB, BTN(QR())]))
case("button.text.too_long", T([OKB, BTN(QR("x" * 26))]), T([OKB, BTN(QR("x" * 25))]))
case("button.text.param", T([OKB, BTN(QR("Hi {{1}}"))]), T([OKB, BTN(QR("Hi there"))]))
case("button.text.formatting", T([OKB, BTN(QR("Yes 👍"))]), T([OKB, BTN(QR("Yes please"))]))
case("button.text.duplicate", T([OKB, BTN(QR("Yes"), QR("Yes"))]), T([OKB, BTN(QR("Yes"), QR("No"))]))
case("button.url.missing", T([OKB, BTN({"type": "URL", "text": "Track"})]), T([OKB, BTN(URL())]))
case("button.url.too_long", T([OKB, BTN(URL("https://shop.example.com/" + "a" * 1990))]), T([OKB, BTN(URL("https://shop.example.com/" + "a" * 1970))]))
case("button.url.invalid", T([OKB, BTN(URL("shop.example.com/track"))]), T([OKB, BTN(URL())]))
case("button.url.param_position", T([OKB, BTN(URL("https://shop.example.com/{{1}}/track", example=["a"]))]), T([OKB, BTN(URL("https://shop.example.com/track/{{1}}", example=["a"]))]))
case("button.url.example_missing", T([OKB, BTN(URL("https://shop.example.com/track/{{1}}"))]), T([OKB, BTN(URL("https://shop.example.com/track/{{1}}", example=["a"]))]))
case("button.url.whatsapp_link", T([OKB, BTN(URL("https://wa.me/15550100000"))]), T([OKB, BTN(URL("https://example.com/wa.me"))]))
case("button.url.shortener", T([OKB, BTN(URL("https://bit.ly/abc"))]), T([OKB, BTN(URL("https://shop.example.com/abc"))]))
case("button.phone.invalid", T([OKB, BTN(PH("+12 34"))]), T([OKB, BTN(PH("+55 11 99999-0000"))]))
case("button.copy_code.example", T([OKB, BTN(CC("SAVE-10"))], cat="MARKETING"), T([OKB, BTN(CC("SAVE10"))], cat="MARKETING"))
case("auth.header.not_allowed", AUTH([HDR("Code"), ABODY, BTN(OTP())]), AUTH([ABODY, BTN(OTP())]))
case("auth.body.custom_text", AUTH([{"type": "BODY", "text": "Your code is {{1}}"}, BTN(OTP())]),
     AUTH([{"type": "BODY", "text": "*{{1}}* is your verification code.", "add_security_recommendation": True}, BTN(OTP())]))
case("auth.footer.invalid", AUTH([ABODY, {"type": "FOOTER", "code_expiration_minutes": 91}, BTN(OTP())]), AUTH([ABODY, {"type": "FOOTER", "code_expiration_minutes": 90}, BTN(OTP())]))
case("auth.otp.missing", AUTH([ABODY]), AUTH([ABODY, BTN(OTP())]))
case("auth.otp.count", AUTH([ABODY, BTN(OTP(), OTP())]), AUTH([ABODY, BTN(OTP())]))
case("auth.otp.type", AUTH([ABODY, BTN(OTP(otp_type="SMS"))]), AUTH([ABODY, BTN(OTP(otp_type="ONE_TAP", supported_apps=[APP]))]))
case("auth.otp.text", AUTH([ABODY, BTN(OTP(text="x" * 26))]), AUTH([ABODY, BTN(OTP(text="Copy code"))]))
case("auth.apps.invalid", AUTH([ABODY, BTN(OTP(otp_type="ONE_TAP", supported_apps=[{"package_name": "example", "signature_hash": "short"}]))]),
     AUTH([ABODY, BTN(OTP(otp_type="ONE_TAP", supported_apps=[APP]))]))
case("auth.zero_tap.terms", AUTH([ABODY, BTN(OTP(otp_type="ZERO_TAP", supported_apps=[APP]))]), AUTH([ABODY, BTN(OTP(otp_type="ZERO_TAP", supported_apps=[APP], zero_tap_terms_accepted=True))]))
case("category.mismatch", T([BODY("Huge sale! Get 30% off everything with code SALE30. Shop now, offer ends today!")]),
     T([BODY("Huge sale! Get 30% off everything with code SALE30. Shop now, offer ends today!")], cat="MARKETING"))
case("category.otp_content", T([BODY("Your verification code is {{1}}. It is valid for ten minutes only.", ["123456"])]), T([OKV]))
case("category.carousel.not_marketing", T([MKB, CAR([CARD(), CARD()])]), T([MKB, CAR([CARD(), CARD()])], cat="MARKETING"))
case("category.lto.not_marketing", T([LTO(), BODY("Good deal for you, valid this week only."), BTN(URL())]), T([LTO(), BODY("Good deal for you, valid this week only."), BTN(URL())], cat="MARKETING"))
case("carousel.cards.count", T([MKB, CAR([CARD()])], cat="MARKETING"), T([MKB, CAR([CARD(), CARD()])], cat="MARKETING"))
case("carousel.card.header", T([MKB, CAR([CARD(hdr=None), CARD(hdr=None)])], cat="MARKETING"), T([MKB, CAR([CARD(), CARD()])], cat="MARKETING"))
case("carousel.card.buttons", T([MKB, CAR([CARD(btns=[QR("A"), QR("B"), QR("C")]), CARD(btns=[QR("A"), QR("B"), QR("C")])])], cat="MARKETING"), T([MKB, CAR([CARD(btns=[QR("A"), QR("B")]), CARD(btns=[QR("A"), QR("B")])])], cat="MARKETING"))
case("carousel.cards.inconsistent", T([MKB, CAR([CARD(), CARD(btns=[URL(t="Buy")])])], cat="MARKETING"), T([MKB, CAR([CARD(), CARD()])], cat="MARKETING"))
case("lto.text.too_long", T([LTO("x" * 17), BODY("Good deal for you, valid this week only."), BTN(URL())], cat="MARKETING"), T([LTO("x" * 16), BODY("Good deal for you, valid this week only."), BTN(URL())], cat="MARKETING"))
case("lto.footer.not_allowed", T([LTO(), BODY("Good deal for you, valid this week only."), {"type": "FOOTER", "text": "Shop"}, BTN(URL())], cat="MARKETING"), T([LTO(), BODY("Good deal for you, valid this week only."), BTN(URL())], cat="MARKETING"))
case("lto.url_button.missing", T([LTO(), BODY("Good deal for you, valid this week only."), BTN(QR())], cat="MARKETING"), T([LTO(), BODY("Good deal for you, valid this week only."), BTN(URL())], cat="MARKETING"))

case("param.undefined_literal", T([BODY("Thanks for answering undefined by undefined. See you soon.")]), T([BODY("Thanks for answering the survey. See you soon.")]))

ST = T([HDR("Order {{1}}", ["A1"]), BODY("Hi {{1}}, your order {{2}} has shipped and arrives soon.", ["Ana", "A1"]), BTN(URL("https://shop.example.com/t/{{1}}", example=["A1"]))])
def P(header=None, body=None, url=None):
    comps = []
    if header is not None: comps.append({"type": "header", "parameters": [{"type": "text", "text": v} for v in header]})
    if body is not None: comps.append({"type": "body", "parameters": [{"type": "text", "text": v} for v in body]})
    if url is not None: comps.append({"type": "button", "sub_type": "url", "index": "0", "parameters": [{"type": "text", "text": url}]})
    return comps
GOOD = P(["A1"], ["Ana", "A1"], "A1")
NT = T([{"type": "BODY", "text": "Hi {{first_name}}, your order {{order_id}} has shipped today.", "example": {"body_text_named_params": [{"param_name": "first_name", "example": "Ana"}, {"param_name": "order_id", "example": "A1"}]}}], parameter_format="named")
def NP(**vals): return [{"type": "body", "parameters": [{"type": "text", "parameter_name": k, "text": v} for k, v in vals.items()]}]
def sc(rule, tpl, trig, clean): cases.append(dict(rule=rule, template=tpl, trigger_params=trig, clean_params=clean))
sc("send.param.count", ST, P(["A1"], ["Ana"], "A1"), GOOD)
sc("send.param.missing", NT, NP(first_name="Ana"), NP(first_name="Ana", order_id="A1"))
sc("send.param.unknown", NT, NP(first_name="Ana", order_id="A1", coupon="X"), NP(first_name="Ana", order_id="A1"))
sc("send.param.whitespace", ST, P(["A1"], ["Ana     Maria", "A1"], "A1"), P(["A1"], ["Ana    Maria", "A1"], "A1"))
sc("send.param.empty", ST, P(["A1"], ["", "A1"], "A1"), GOOD)
sc("send.body.too_long", ST, P(["A1"], ["a" * 1000, "A1"], "A1"), P(["A1"], ["a" * 900, "A1"], "A1"))
sc("send.header.too_long", ST, P(["a" * 60], ["Ana", "A1"], "A1"), P(["a" * 50], ["Ana", "A1"], "A1"))
sc("send.url.too_long", ST, P(["A1"], ["Ana", "A1"], "a" * 2000), GOOD)
AT = AUTH([ABODY, BTN(OTP())])
sc("send.auth.code", AT, [{"type": "body", "parameters": [{"type": "text", "text": "visit https://x.io"}]}], [{"type": "body", "parameters": [{"type": "text", "text": "123456"}]}])
CT = T([BODY("Hi {{1}}, get 10% off your next order with the code below.", ["Ana"]), BTN(CC())], cat="MARKETING")
def CP(code): return [{"type": "body", "parameters": [{"type": "text", "text": "Ana"}]}, {"type": "button", "sub_type": "copy_code", "index": 0, "parameters": [{"type": "coupon_code", "coupon_code": code}]}]
sc("send.coupon.invalid", CT, CP("SAVE-10%"), CP("SAVE10"))

with open("tests/data/rules/cases.jsonl", "w") as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=False) + "\n")
print(len(cases))
