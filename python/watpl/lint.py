"""Validation: watpl.lint(template) -> Report."""
import ctypes
import json

from ._lib import COMPONENTS, Context, Template, c_char_p, c_int, c_int64, c_size_t, c_void_p, fn

_validate = fn("watpl_validate", c_int, c_void_p, c_void_p, ctypes.POINTER(c_void_p))
_report_free = fn("watpl_report_free", None, c_void_p)
_report_to_json = fn("watpl_report_to_json", c_int, c_void_p, c_void_p,
                     ctypes.POINTER(c_void_p), ctypes.POINTER(c_size_t))
_rule_count = fn("watpl_rule_count", c_size_t)
_rule_id = fn("watpl_rule_id", c_char_p, c_size_t)
_rule_severity = fn("watpl_rule_severity", c_int, c_size_t)
_rule_meta_code = fn("watpl_rule_meta_code", c_int64, c_size_t)


class Diagnostic:
    """One finding: rule id, severity, position and message."""

    __slots__ = ("rule", "severity", "component", "index", "offset", "length", "meta_code",
                 "message")

    def __init__(self, d):
        for key in self.__slots__:
            setattr(self, key, d.get(key))

    def __repr__(self):
        return "Diagnostic(%s %s %s[%s] @%s)" % (self.severity, self.rule, self.component,
                                                 self.index, self.offset)


class Report:
    """The diagnostics of one template, in the library's stable order."""

    def __init__(self, data):
        self.data = data
        self.name = data.get("name")
        self.language = data.get("language")
        self.category = data.get("category")
        self.valid = bool(data.get("valid"))
        self.errors = data.get("errors", 0)
        self.warnings = data.get("warnings", 0)
        self.diagnostics = [Diagnostic(d) for d in data.get("diagnostics", [])]

    def rules(self):
        return [d.rule for d in self.diagnostics]

    def __repr__(self):
        return "Report(valid=%s, errors=%d, warnings=%d)" % (self.valid, self.errors, self.warnings)


def report_from_handle(ctx, handle):
    return Report(json.loads(ctx.take_string(_report_to_json, handle)))


def lint(template, unit=None, category=None, **options):
    """Validate a template (dict, JSON str or bytes) against every rule.

    unit: "utf16" (default) or "codepoints"; category overrides the declared
    one; other keyword options are context options (words_per_param, ...).
    Raises watpl.Error when the template cannot be read.
    """
    with Context(count_unit=unit, **options) as ctx:
        tpl = Template(ctx, template, category)
        try:
            rep = c_void_p()
            ctx.check(_validate(ctx.handle, tpl.handle, ctypes.byref(rep)))
            try:
                return report_from_handle(ctx, rep)
            finally:
                _report_free(rep)
        finally:
            tpl.close()


def rules():
    """The rule catalogue: a list of (id, severity, meta_code)."""
    sev = {1: "error", 2: "warning"}
    return [(_rule_id(i).decode(), sev[_rule_severity(i)], _rule_meta_code(i))
            for i in range(_rule_count())]


__all__ = ["lint", "rules", "Report", "Diagnostic", "COMPONENTS"]
