"""Send time: watpl.render(template, params) -> Rendered."""
import ctypes
import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple, Union

from . import _args
from . import _results as R
from ._lib import Context, ParsedTemplate, c_char_p, c_int, c_size_t, c_void_p, fn, optional_fn
from ._types import CountUnit, Placement, Schedule, Severity
from .lint import Diagnostic, TemplateInput, diagnostics_from_json

#: Send-time parameters: Meta's `components` list, a dict holding it (or a whole
#: template message), or the same as JSON text or bytes.
ParamsInput = Union[List[Dict[str, Any]], Dict[str, Any], str, bytes, bytearray, memoryview]

_params_parse = fn("watpl_params_parse_json", c_int, c_void_p, c_char_p, c_size_t, ctypes.POINTER(c_void_p))
_params_free = fn("watpl_params_free", None, c_void_p)
_params_set_auth_code = fn("watpl_params_set_auth_code", c_int, c_void_p, c_char_p, c_size_t)
_render = fn("watpl_render", c_int, c_void_p, c_void_p, c_void_p, ctypes.POINTER(c_void_p))
_rendered_free = fn("watpl_rendered_free", None, c_void_p)
_rendered_to_json = fn("watpl_rendered_to_json", c_int, c_void_p, c_void_p, ctypes.POINTER(c_void_p),
                       ctypes.POINTER(c_size_t))
_params_to = optional_fn("watpl_params_to", c_char_p, c_void_p, ctypes.POINTER(c_size_t))  # 1.2.0


def rendered_from_handle(ctx: Context, rendered: Any, params: Any) -> "Rendered":
    """The Rendered of a rendering, with the recipient of its parameters when they had one."""
    data = json.loads(ctx.take_string(_rendered_to_json, rendered))
    if _params_to is not None and "to" not in data:
        n = c_size_t()
        to: Optional[bytes] = _params_to(params, ctypes.byref(n))
        if to is not None:
            data["to"] = ctypes.string_at(to, n.value).decode("utf-8", "replace")
    return Rendered.from_json(data)


@dataclass(frozen=True)
class Rendered:
    """The rendered texts, Meta's send payload and the send.* diagnostics.

    `header` is None when the template has no text header; `buttons` maps a
    button index to its rendered URL, for each URL button; `components` is the
    payload's `components` list; `valid` is true when there is no send.* error.
    """

    header: Optional[str]
    body: str
    buttons: Dict[int, str]
    components: List[Dict[str, Any]]
    valid: bool
    diagnostics: Tuple[Diagnostic, ...]
    data: Dict[str, Any] = field(compare=False, repr=False)
    #: The recipient ("to") when the parameters were a whole message object (libwatpl 1.2.0), else None.
    to: Optional[str] = None

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Rendered":
        buttons = {R.integer(b, "index"): R.string(b, "url") for b in data.get("buttons", [])}
        components = R.field(data, "components")
        return cls(R.optional_string(data, "header"), data.get("body") or "", buttons, components,
                   R.boolean(data, "valid"), diagnostics_from_json(data), data, R.optional_string(data, "to"))

    def rules(self) -> List[str]:
        """The rule ids of the diagnostics, in order."""
        return [d.rule for d in self.diagnostics]


def render(template: TemplateInput, params: ParamsInput, auth_code: Optional[str] = None, *,
           count_unit: Optional[CountUnit] = None, words_per_param: Optional[int] = None,
           footer_param_severity: Optional[Severity] = None, emoji_cap_marketing: Optional[int] = None,
           emoji_cap_utility: Optional[int] = None, max_input_bytes: Optional[int] = None,
           max_json_depth: Optional[int] = None, mismatch_confidence: Optional[int] = None,
           pricing_schedule: Optional[Schedule] = None,
           placement_policy: Optional[Placement] = None) -> Rendered:
    """Substitute send-time values into a template and check the send.* rules
    (docs/render.md); values are never altered. `auth_code` is the one-time
    code of an AUTHENTICATION template (its body {{1}} and its OTP button value,
    when `params` give none)."""
    data = _args.template_json("render", template)
    pdata = _args.json_text("render", "params", params, (list, dict),
                            "a list, a dict, a JSON str or bytes")
    code = _args.optional_text("render", "auth_code", auth_code)
    options = {"count_unit": count_unit, "words_per_param": words_per_param,
               "footer_param_severity": footer_param_severity, "emoji_cap_marketing": emoji_cap_marketing,
               "emoji_cap_utility": emoji_cap_utility, "max_input_bytes": max_input_bytes,
               "max_json_depth": max_json_depth, "mismatch_confidence": mismatch_confidence,
               "pricing_schedule": pricing_schedule, "placement_policy": placement_policy}
    with Context.for_call("render", options) as ctx, ParsedTemplate(ctx, data) as tpl:
        p = c_void_p()
        r = c_void_p()
        try:
            ctx.check(_params_parse(ctx.handle, pdata, len(pdata), ctypes.byref(p)), "params")
            if code is not None:
                ctx.check(_params_set_auth_code(p, code, len(code)), "auth_code")
            ctx.check(_render(ctx.handle, tpl.handle, p, ctypes.byref(r)))
            return rendered_from_handle(ctx, r, p)
        finally:
            _rendered_free(r)
            _params_free(p)


__all__ = ["render", "Rendered", "ParamsInput"]
