"""Send time: watpl.render(template, params) -> Rendered."""
import ctypes
import json

from ._lib import Context, Error, Template, c_char_p, c_int, c_size_t, c_void_p, fn, template_json

_params_parse = fn("watpl_params_parse_json", c_int, c_void_p, c_char_p, c_size_t, ctypes.POINTER(c_void_p))
_params_free = fn("watpl_params_free", None, c_void_p)
_params_set_auth_code = fn("watpl_params_set_auth_code", c_int, c_void_p, c_char_p, c_size_t)
_render = fn("watpl_render", c_int, c_void_p, c_void_p, c_void_p, ctypes.POINTER(c_void_p))
_rendered_free = fn("watpl_rendered_free", None, c_void_p)
_rendered_to_json = fn("watpl_rendered_to_json", c_int, c_void_p, c_void_p, ctypes.POINTER(c_void_p),
                       ctypes.POINTER(c_size_t))


class Rendered:
    """The rendered texts, Meta's send payload and the send.* diagnostics."""

    def __init__(self, data):
        from .lint import Diagnostic
        self.data = data
        self.header = data.get("header")
        self.body = data.get("body")
        self.buttons = {b["index"]: b["url"] for b in data.get("buttons", [])}
        self.components = data.get("components")
        self.valid = bool(data.get("valid"))
        self.diagnostics = [Diagnostic(d) for d in data.get("diagnostics", [])]

    def rules(self):
        return [d.rule for d in self.diagnostics]


def render(template, params, auth_code=None, **options):
    """Substitute send-time parameters (Meta's `components` list, or a dict
    holding it) into a template; values are never altered. auth_code: the
    one-time code of an AUTHENTICATION template (its body {{1}} and its OTP
    button value, when params give none)."""
    data = template_json(params)
    code = auth_code.encode("utf-8") if isinstance(auth_code, str) else auth_code
    with Context(**options) as ctx:
        tpl = Template(ctx, template)
        p = c_void_p()
        r = c_void_p()
        try:
            ctx.check(_params_parse(ctx.handle, data, len(data), ctypes.byref(p)))
            if code is not None:
                ctx.check(_params_set_auth_code(p, code, len(code)))
            ctx.check(_render(ctx.handle, tpl.handle, p, ctypes.byref(r)))
            return Rendered(json.loads(ctx.take_string(_rendered_to_json, r)))
        finally:
            _rendered_free(r)
            _params_free(p)
            tpl.close()


__all__ = ["render", "Rendered", "Error"]
