#!/usr/bin/env python3
"""Write docs/rules.md from the library's rule catalogue (ids, severities,
Meta codes), the descriptions below and the trigger fixtures of
tests/data/rules/cases.jsonl. python/tests/test_docs.py checks that the
page and the library agree.

Run from the repository root with the library built:
    WATPL_LIBRARY=build/libwatpl.so.1 PYTHONPATH=python python3 tools/gen_rules_doc.py
"""
import json

import watpl

COMP = "https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates/components"
REVIEW = "https://developers.facebook.com/docs/whatsapp/message-templates/guidelines"
LANG = "https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/supported-languages/"
CAT = "https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-categorization"
AUTH = "https://developers.facebook.com/docs/whatsapp/business-management-api/authentication-templates"
CAROUSEL = "https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates/media-card-carousel-templates"
LTO = "https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates/limited-time-offer-templates"
ERR = "https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes"
WAM = "https://business.facebook.com/latest/whatsapp_manager/message_templates"

D = {
    "template.name.missing": ("no `name`", COMP),
    "template.name.charset": ("the name is not `[a-z0-9_]+`", COMP),
    "template.name.too_long": ("the name is over 512 characters", COMP),
    "template.language.missing": ("no `language`", COMP),
    "template.language.unknown": ("not one of Meta's 111 codes (exact and case-sensitive: `en_US`, not `en-US`)", LANG),
    "template.category.missing": ("no `category`", CAT),
    "template.category.invalid": ("not MARKETING, UTILITY, AUTHENTICATION or a legacy value", CAT),
    "template.category.legacy": ("a legacy value (TRANSACTIONAL and the 11 pre-2022 values become UTILITY, OTP becomes AUTHENTICATION)", CAT),
    "template.parameter_format.invalid": ("`parameter_format` is not `positional` or `named` (either case)", COMP),
    "template.component.unknown": ("a component type other than HEADER, BODY, FOOTER, BUTTONS, CAROUSEL, LIMITED_TIME_OFFER", COMP),
    "template.component.duplicate": ("a component type appears twice", COMP),
    "template.body.missing": ("no BODY component", COMP),
    "header.format.invalid": ("a format other than TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION (GIF and PRODUCT in MARKETING only)", COMP),
    "header.text.missing": ("a TEXT header without text", COMP),
    "header.text.too_long": ("a text header over 60 characters", COMP),
    "header.text.too_many_params": ("more than one variable in the header", COMP),
    "header.text.newline": ("a line break in the header", WAM),
    "header.text.formatting": ("`*`, `_`, `~` or backtick markup, or an emoji, in the header", WAM),
    "header.example.missing": ("a header variable without `example.header_text`, or a media header without `example.header_handle`", COMP),
    "body.empty": ("the body is empty or whitespace (not for AUTHENTICATION, whose text is preset)", COMP),
    "body.too_long": ("over 1024 characters (600 in a limited-time offer, 160 in a carousel card)", COMP),
    "body.leading_param": ("a variable is the first thing in the body: error when it is alone on the first line (Meta refused it), warning otherwise (Meta approved it); see variable placement", REVIEW),
    "body.trailing_param": ("a variable is the last thing in the body (warning: Meta approved it); with only a final `.`, `!` or `?` after it, reported under the editor policy only; see variable placement", REVIEW),
    "body.adjacent_params": ("two variables with nothing between them (error), or only whitespace (warning: Meta approved it); only punctuation under the editor policy; see variable placement", WAM),
    "body.too_many_params": ("fewer than 3 plain words per distinct variable (warning: Meta approved denser bodies; policy options); words counted per writing system, Thai by 7 characters", REVIEW),
    "body.consecutive_newlines": ("3 or more consecutive line breaks (`\\r\\n` counts as one)", WAM),
    "body.emoji_count": ("more than 10 emoji (6 in UTILITY); both caps are policy options", WAM),
    "body.shortened_url": ("a link through a URL shortener (bit.ly, tinyurl.com, goo.gl, t.co, ow.ly, is.gd, cutt.ly, rb.gy)", WAM),
    "body.example.missing": ("variables without examples, or a different number of examples than distinct variables", COMP),
    "param.malformed": ("mismatched braces, `{{ }}`, `{1}`, spaces inside the braces, or a placeholder that is neither a number nor a name", REVIEW),
    "param.special_chars": ("`#`, `$` or `%` inside the braces", REVIEW),
    "param.not_sequential": ("positional numbers are not exactly 1..n", REVIEW),
    "param.mixed_formats": ("named and positional variables together, or variables that disagree with `parameter_format`", COMP),
    "param.named.invalid": ("a name outside `[a-z_][a-z0-9_]*`, 1 to 32 characters", WAM),
    "param.undefined_literal": ("the words `undefined`, `null`, `NaN` or `[object Object]`: a value was missing when the text was generated", REVIEW),
    "footer.too_long": ("a footer over 60 characters", COMP),
    "footer.param": ("a variable in the footer (error by default; policy option)", WAM),
    "footer.newline": ("a line break in the footer", WAM),
    "buttons.too_many": ("more than 10 buttons", COMP),
    "buttons.url.too_many": ("more than 2 URL buttons", COMP),
    "buttons.phone.too_many": ("more than 1 PHONE_NUMBER button", COMP),
    "buttons.copy_code.too_many": ("more than 1 COPY_CODE button", COMP),
    "buttons.grouping": ("quick replies not all together (QR, URL, QR)", COMP),
    "button.type.invalid": ("an unknown button type", COMP),
    "button.type.not_allowed": ("OTP outside AUTHENTICATION, or anything but OTP in AUTHENTICATION", AUTH),
    "button.text.missing": ("a button without a label (OTP and COPY_CODE labels are preset)", COMP),
    "button.text.too_long": ("a label over 25 characters", COMP),
    "button.text.param": ("a variable in a label", WAM),
    "button.text.formatting": ("a line break, emoji or `*` `_` `~` in a label", WAM),
    "button.text.duplicate": ("two buttons with the same label", WAM),
    "button.url.missing": ("a URL button without `url`", COMP),
    "button.url.too_long": ("a URL over 2000 characters", COMP),
    "button.url.invalid": ("not an absolute `http://` or `https://` URL", WAM),
    "button.url.param_position": ("more than one variable in the URL, or one not at the very end", COMP),
    "button.url.example_missing": ("a URL variable without `example`", COMP),
    "button.url.whatsapp_link": ("a link to wa.me, api.whatsapp.com, chat.whatsapp.com or whatsapp.com/send", WAM),
    "button.url.shortener": ("a URL-shortener host", WAM),
    "button.phone.invalid": ("not 7 to 15 digits (a leading `+`, spaces and dashes allowed), or over 20 characters", COMP),
    "button.copy_code.example": ("a COPY_CODE example missing, over 15 characters or not alphanumeric", COMP),
    "auth.header.not_allowed": ("a HEADER in an AUTHENTICATION template", AUTH),
    "auth.body.custom_text": ("an AUTHENTICATION body with its own text (the preset that Meta returns, with `*{{1}}*`, is accepted)", AUTH),
    "auth.footer.invalid": ("a footer with its own text, or `code_expiration_minutes` outside 1..90", AUTH),
    "auth.otp.missing": ("no OTP button", AUTH),
    "auth.otp.count": ("more than one OTP button", AUTH),
    "auth.otp.type": ("`otp_type` not COPY_CODE, ONE_TAP or ZERO_TAP", AUTH),
    "auth.otp.text": ("an OTP label or autofill text over 25 characters, or autofill text on COPY_CODE", AUTH),
    "auth.apps.invalid": ("ONE_TAP/ZERO_TAP without `supported_apps`, more than 5, a bad `package_name` or `signature_hash`, or a duplicate", AUTH),
    "auth.zero_tap.terms": ("ZERO_TAP without `zero_tap_terms_accepted: true`", AUTH),
    "category.mismatch": ("the classifier's category differs from the declared one with enough confidence (policy option)", CAT),
    "category.otp_content": ("a MARKETING or UTILITY template that sends a one-time code", CAT),
    "category.carousel.not_marketing": ("a carousel that is not MARKETING", CAROUSEL),
    "category.lto.not_marketing": ("a limited-time offer that is not MARKETING", LTO),
    "carousel.cards.count": ("fewer than 2 or more than 10 cards", CAROUSEL),
    "carousel.card.header": ("a card without an IMAGE or VIDEO header", CAROUSEL),
    "carousel.card.buttons": ("a card with no button or more than 2", CAROUSEL),
    "carousel.cards.inconsistent": ("cards that differ in components or button types", CAROUSEL),
    "lto.text.too_long": ("`limited_time_offer.text` over 16 characters", LTO),
    "lto.footer.not_allowed": ("a FOOTER in a limited-time offer", LTO),
    "lto.url_button.missing": ("a limited-time offer without a URL button", LTO),
    "send.param.count": ("the number of values differs from the variables of a component", ERR),
    "send.param.missing": ("a named variable without a value", ERR),
    "send.param.unknown": ("a value for a name or a button the template does not have", ERR),
    "send.param.whitespace": ("a value with a line break, a tab or 5+ consecutive spaces", ERR),
    "send.param.empty": ("an empty value", ERR),
    "send.body.too_long": ("the body over its limit after substitution", ERR),
    "send.header.too_long": ("the text header over 60 after substitution", ERR),
    "send.url.too_long": ("a URL over 2000 after substitution", COMP),
    "send.auth.code": ("an authentication code over 15 characters, or with a link or emoji", AUTH),
    "send.coupon.invalid": ("a coupon code over 15 characters or not alphanumeric", COMP),
}


def example(case):
    if "trigger" in case:
        comps = case["trigger"].get("components", [])
        keep = {k: v for k, v in case["trigger"].items() if k not in ("components",)}
        text = json.dumps(keep, ensure_ascii=False) if case["rule"].startswith("template.") and not case["rule"].startswith(("template.component", "template.body")) else \
            json.dumps(comps, ensure_ascii=False)
    else:
        text = json.dumps(case["trigger_params"], ensure_ascii=False)
    text = text.replace("|", "\\|")
    return "`%s`" % (text if len(text) <= 110 else text[:107] + "...")


def main():
    cases = {}
    with open("tests/data/rules/cases.jsonl", encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            cases[c["rule"]] = c
    rows = []
    for rid, sev, code in watpl.rules():
        desc, src = D[rid]
        rows.append("| `%s` | %s | %s | %s | [source](%s) | %s |" % (
            rid, sev, code or "", desc, src, example(cases[rid])))
    head = open("tools/rules_doc_head.md", encoding="utf-8").read()
    with open("docs/rules.md", "w", encoding="utf-8") as out:
        out.write(head)
        out.write("| id | severity | Meta code | what it checks | Meta page | example that triggers it |\n")
        out.write("|---|---|---|---|---|---|\n")
        out.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
