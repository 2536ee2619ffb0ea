"""Classification: watpl.classify(template) and watpl.classify_text(text)."""
import ctypes
import json
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Tuple, Union

from . import _args
from . import _results as R
from ._lib import Context, ParsedTemplate, c_char_p, c_int, c_size_t, c_void_p, fn
from ._types import CATEGORIES, COMPONENTS, Category, Component, CountUnit, Placement, Schedule, Severity
from .lint import TemplateInput

_classify = fn("watpl_classify", c_int, c_void_p, c_void_p, ctypes.POINTER(c_void_p))
_classify_text = fn("watpl_classify_text", c_int, c_void_p, c_char_p, c_size_t, c_char_p, c_size_t,
                    ctypes.POINTER(c_void_p))
_free = fn("watpl_classification_free", None, c_void_p)
_to_json = fn("watpl_classification_to_json", c_int, c_void_p, c_void_p, ctypes.POINTER(c_void_p),
              ctypes.POINTER(c_size_t))


@dataclass(frozen=True)
class Signal:
    """One reason for the prediction: a lexicon phrase or a structural fact.

    `offset` and `length` count bytes of the UTF-8 text of `component` (-1 for
    structural signals); `text` is the matched original text, None for
    structural signals such as `struct.otp_button`.
    """

    rule: str
    category: Category
    weight: float
    component: Component
    index: int
    offset: int
    length: int
    text: Optional[str]

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Signal":
        text = d.get("text")
        return cls(R.string(d, "rule"), R.name(R.field(d, "category"), CATEGORIES, "category"),
                   R.number(d, "weight"), R.name(R.field(d, "component"), COMPONENTS, "component"),
                   R.integer(d, "index"), R.integer(d, "offset"), R.integer(d, "length"),
                   text if isinstance(text, str) else None)

    def __repr__(self) -> str:
        return "Signal(%s -> %s %+.2f %r)" % (self.rule, self.category, self.weight, self.text)


@dataclass(frozen=True)
class Classification:
    """Predicted category, its confidence, the three scores (they sum to 1), the
    declared category (legacy values mapped; None when absent or invalid, and for
    classify_text), the language used for matching, and the signals, strongest first."""

    category: Category
    confidence: float
    scores: Dict[Category, float]
    declared: Optional[Category]
    language: Optional[str]
    signals: Tuple[Signal, ...]
    data: Dict[str, Any] = field(compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Classification":
        raw = R.field(data, "scores")
        scores: Dict[Category, float] = {c: R.number(raw, c) for c in CATEGORIES}
        return cls(R.name(R.field(data, "category"), CATEGORIES, "category"), R.number(data, "confidence"),
                   scores, R.optional_name(data.get("declared"), CATEGORIES, "category"),
                   R.optional_string(data, "detected_language"),
                   tuple(Signal.from_json(s) for s in R.field(data, "signals")), data)

    def __repr__(self) -> str:
        return "Classification(%s, %.2f)" % (self.category, self.confidence)


def _result(ctx: Context, handle: Any) -> Classification:
    try:
        return Classification.from_json(json.loads(ctx.take_string(_to_json, handle)))
    finally:
        _free(handle)


def classify(template: TemplateInput, *, count_unit: Optional[CountUnit] = None,
             words_per_param: Optional[int] = None, footer_param_severity: Optional[Severity] = None,
             emoji_cap_marketing: Optional[int] = None, emoji_cap_utility: Optional[int] = None,
             max_input_bytes: Optional[int] = None, max_json_depth: Optional[int] = None,
             mismatch_confidence: Optional[int] = None,
             pricing_schedule: Optional[Schedule] = None,
             placement_policy: Optional[Placement] = None) -> Classification:
    """Predict the category Meta will give a template (docs/classify.md)."""
    data = _args.template_json("classify", template)
    options = {"count_unit": count_unit, "words_per_param": words_per_param,
               "footer_param_severity": footer_param_severity, "emoji_cap_marketing": emoji_cap_marketing,
               "emoji_cap_utility": emoji_cap_utility, "max_input_bytes": max_input_bytes,
               "max_json_depth": max_json_depth, "mismatch_confidence": mismatch_confidence,
               "pricing_schedule": pricing_schedule, "placement_policy": placement_policy}
    with Context.for_call("classify", options) as ctx, ParsedTemplate(ctx, data) as tpl:
        out = c_void_p()
        ctx.check(_classify(ctx.handle, tpl.handle, ctypes.byref(out)))
        return _result(ctx, out)


def classify_text(text: Union[str, bytes], language: Optional[str] = None, *,
                  count_unit: Optional[CountUnit] = None, words_per_param: Optional[int] = None,
                  footer_param_severity: Optional[Severity] = None, emoji_cap_marketing: Optional[int] = None,
                  emoji_cap_utility: Optional[int] = None, max_input_bytes: Optional[int] = None,
                  max_json_depth: Optional[int] = None, mismatch_confidence: Optional[int] = None,
                  pricing_schedule: Optional[Schedule] = None,
                  placement_policy: Optional[Placement] = None) -> Classification:
    """Classify a bare text; `language` is a Meta code ("pt_BR") or None to detect it."""
    data = _args.text("classify_text", "text", text)
    lang = _args.optional_text("classify_text", "language", language)
    options = {"count_unit": count_unit, "words_per_param": words_per_param,
               "footer_param_severity": footer_param_severity, "emoji_cap_marketing": emoji_cap_marketing,
               "emoji_cap_utility": emoji_cap_utility, "max_input_bytes": max_input_bytes,
               "max_json_depth": max_json_depth, "mismatch_confidence": mismatch_confidence,
               "pricing_schedule": pricing_schedule, "placement_policy": placement_policy}
    with Context.for_call("classify_text", options) as ctx:
        out = c_void_p()
        ctx.check(_classify_text(ctx.handle, data, len(data), lang or None, len(lang) if lang else 0,
                                 ctypes.byref(out)), "text")
        return _result(ctx, out)


__all__ = ["classify", "classify_text", "Classification", "Signal"]
