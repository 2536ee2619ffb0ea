"""Validation: watpl.lint(template) -> Report, and the rule catalogue."""
import ctypes
import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, NamedTuple, Optional, Tuple, Union

from . import _args
from . import _results as R
from ._errors import ArgumentValueError
from ._lib import Context, ParsedTemplate, c_char_p, c_int, c_int64, c_size_t, c_void_p, fn
from ._types import (CATEGORIES, COMPONENTS, COUNT_UNITS, SEVERITIES, Category, Component, CountUnit, Placement,
                     Schedule, Severity, codes)

#: A template as the functions take it: a dict (serialised with json.dumps), JSON text or UTF-8 bytes.
TemplateInput = Union[Dict[str, Any], str, bytes, bytearray, memoryview]

_UNIT_CODES = codes(COUNT_UNITS)

_validate = fn("watpl_validate", c_int, c_void_p, c_void_p, ctypes.POINTER(c_void_p))
_report_free = fn("watpl_report_free", None, c_void_p)
_report_to_json = fn("watpl_report_to_json", c_int, c_void_p, c_void_p,
                     ctypes.POINTER(c_void_p), ctypes.POINTER(c_size_t))
_rule_count = fn("watpl_rule_count", c_size_t)
_rule_id = fn("watpl_rule_id", c_char_p, c_size_t)
_rule_severity = fn("watpl_rule_severity", c_int, c_size_t)
_rule_meta_code = fn("watpl_rule_meta_code", c_int64, c_size_t)


@dataclass(frozen=True)
class Diagnostic:
    """One finding: rule id, severity, where it points and the message.

    `index` is the button or card index (-1 when none); `offset` and `length`
    are byte positions in the UTF-8 text of `component` (-1 when none);
    `meta_code` is the Meta error code the rule predicts (0 when none).
    """

    rule: str
    severity: Severity
    component: Component
    index: int
    offset: int
    length: int
    meta_code: int
    message: str

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Diagnostic":
        return cls(R.string(d, "rule"), R.name(R.field(d, "severity"), SEVERITIES, "severity"),
                   R.name(R.field(d, "component"), COMPONENTS, "component"), R.integer(d, "index"),
                   R.integer(d, "offset"), R.integer(d, "length"), R.integer(d, "meta_code"),
                   R.string(d, "message"))

    def __repr__(self) -> str:
        return "Diagnostic(%s %s %s[%s] @%s)" % (self.severity, self.rule, self.component, self.index,
                                                 self.offset)


def diagnostics_from_json(data: Dict[str, Any]) -> Tuple[Diagnostic, ...]:
    return tuple(Diagnostic.from_json(d) for d in data.get("diagnostics", []))


@dataclass(frozen=True)
class Report:
    """The diagnostics of one template, in the library's stable order.

    `category` is the declared category with legacy values mapped (None when
    absent or not one of the three); `data` is the library's JSON as a dict.
    """

    name: Optional[str]
    language: Optional[str]
    category: Optional[Category]
    valid: bool
    errors: int
    warnings: int
    diagnostics: Tuple[Diagnostic, ...]
    data: Dict[str, Any] = field(compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Report":
        return cls(R.optional_string(data, "name"), R.optional_string(data, "language"),
                   R.optional_name(data.get("category"), CATEGORIES, "category"), R.boolean(data, "valid"),
                   R.integer(data, "errors"), R.integer(data, "warnings"), diagnostics_from_json(data), data)

    def rules(self) -> List[str]:
        """The rule ids of the diagnostics, in order."""
        return [d.rule for d in self.diagnostics]

    def __repr__(self) -> str:
        return "Report(valid=%s, errors=%d, warnings=%d)" % (self.valid, self.errors, self.warnings)


class Rule(NamedTuple):
    """One rule of the catalogue."""

    id: str
    severity: Severity
    meta_code: int


def report_from_handle(ctx: Context, handle: Any) -> Report:
    return Report.from_json(json.loads(ctx.take_string(_report_to_json, handle)))


def lint(template: TemplateInput, unit: Optional[CountUnit] = None, category: Optional[str] = None, *,
         count_unit: Optional[CountUnit] = None, words_per_param: Optional[int] = None,
         footer_param_severity: Optional[Severity] = None, emoji_cap_marketing: Optional[int] = None,
         emoji_cap_utility: Optional[int] = None, max_input_bytes: Optional[int] = None,
         max_json_depth: Optional[int] = None, mismatch_confidence: Optional[int] = None,
         pricing_schedule: Optional[Schedule] = None,
         placement_policy: Optional[Placement] = None) -> Report:
    """Validate a template against every rule (docs/rules.md).

    `unit` (or `count_unit`): "utf16" (default) or "codepoints"; `category`
    replaces the declared category, as `watpl lint --category` does; the other
    keywords are the policy options. A template with rule violations gives a
    Report with `valid` false; one that cannot be read raises InputError.
    """
    data = _args.template_json("lint", template)
    cat = _args.optional_text("lint", "category", category)
    if unit is not None:
        _args.choice("lint", "unit", unit, _UNIT_CODES)
    if unit is not None and count_unit is not None and unit != count_unit:
        raise ArgumentValueError("'unit' and 'count_unit' disagree (%r, %r)" % (unit, count_unit),
                                 "lint", "count_unit")
    options = {"count_unit": count_unit if unit is None else unit, "words_per_param": words_per_param,
               "footer_param_severity": footer_param_severity, "emoji_cap_marketing": emoji_cap_marketing,
               "emoji_cap_utility": emoji_cap_utility, "max_input_bytes": max_input_bytes,
               "max_json_depth": max_json_depth, "mismatch_confidence": mismatch_confidence,
               "pricing_schedule": pricing_schedule, "placement_policy": placement_policy}
    with Context.for_call("lint", options) as ctx, ParsedTemplate(ctx, data, cat) as tpl:
        rep = c_void_p()
        ctx.check(_validate(ctx.handle, tpl.handle, ctypes.byref(rep)))
        try:
            return report_from_handle(ctx, rep)
        finally:
            _report_free(rep)


def rules() -> List[Rule]:
    """The rule catalogue, in the library's order."""
    out: List[Rule] = []
    for i in range(_rule_count()):
        rid: bytes = _rule_id(i)
        out.append(Rule(rid.decode(), SEVERITIES[_rule_severity(i) - 1], int(_rule_meta_code(i))))
    return out


__all__ = ["lint", "rules", "Report", "Diagnostic", "Rule", "TemplateInput"]
