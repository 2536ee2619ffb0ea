"""A template read once and used many times: watpl.Template(template).

    tpl = watpl.Template(json_text)
    for rendered in tpl.render_many(payloads):      # one Rendered per send, in order
        ...

render_many uses the library's prepared send path (watpl_prepared_new,
watpl_send_render: the template is split at its placeholders once, and a warm
send allocates nothing in the library) when the loaded library has it, and
watpl_render on the once-read template otherwise; the answers are the same.
"""
import ctypes
import json
from typing import Any, Dict, Iterable, Iterator, Literal, Mapping, Optional, Union, overload

from . import _args
from ._errors import ArgumentValueError, InputError
from ._lib import Context, ParsedTemplate, c_char_p, c_int, c_size_t, c_void_p, error_for, optional_fn
from ._types import CountUnit, Placement, Schedule, Severity
from .classify import Classification, _classify
from .classify import _result as _classification
from .lint import Report, TemplateInput, _report_free, _validate, report_from_handle
from .render import (ParamsInput, Rendered, _params_free, _params_parse, _params_set_auth_code, _render,
                     _rendered_free, rendered_from_handle)

_P = ctypes.POINTER
_prepared_new = optional_fn("watpl_prepared_new", c_int, c_void_p, c_void_p, _P(c_void_p))
_prepared_free = optional_fn("watpl_prepared_free", None, c_void_p)
_params_new = optional_fn("watpl_params_new", c_int, _P(c_void_p), c_void_p)
_params_clear = optional_fn("watpl_params_clear", None, c_void_p)
_params_add_json = optional_fn("watpl_params_add_json", c_int, c_void_p, c_void_p, c_char_p, c_size_t)
_rendered_new = optional_fn("watpl_rendered_new", c_int, _P(c_void_p), c_void_p)
_send_render = optional_fn("watpl_send_render", c_int, c_void_p, c_void_p, c_void_p, c_void_p)
_PREPARED = None not in (_prepared_new, _prepared_free, _params_new, _params_clear, _params_add_json,
                         _rendered_new, _send_render)

#: What render_many does with a send whose parameters cannot be read.
OnError = Literal["raise", "yield"]


def _send_json(value: object) -> bytes:
    return _args.json_text("Template.render_many", "sends", value, (list, dict),
                           "an iterable of lists, dicts, JSON str or bytes")


class Template:
    """A template read once (and, for sending, prepared once), with the policy
    options of every call made through it.

    A Template is read-only once made: it may be used from several threads at
    once (each call has its own context and result objects).
    """

    def __init__(self, template: TemplateInput, *, count_unit: Optional[CountUnit] = None,
                 words_per_param: Optional[int] = None, footer_param_severity: Optional[Severity] = None,
                 emoji_cap_marketing: Optional[int] = None, emoji_cap_utility: Optional[int] = None,
                 max_input_bytes: Optional[int] = None, max_json_depth: Optional[int] = None,
                 mismatch_confidence: Optional[int] = None, pricing_schedule: Optional[Schedule] = None,
                 placement_policy: Optional[Placement] = None) -> None:
        self._tpl: Optional[ParsedTemplate] = None
        self._prep: Any = None
        self._options: Dict[str, object] = {
            "count_unit": count_unit, "words_per_param": words_per_param,
            "footer_param_severity": footer_param_severity, "emoji_cap_marketing": emoji_cap_marketing,
            "emoji_cap_utility": emoji_cap_utility, "max_input_bytes": max_input_bytes,
            "max_json_depth": max_json_depth, "mismatch_confidence": mismatch_confidence,
            "pricing_schedule": pricing_schedule, "placement_policy": placement_policy}
        data = _args.template_json("Template", template)
        with self._context("Template") as ctx:
            self._tpl = ParsedTemplate(ctx, data)
            if _PREPARED:
                prep = c_void_p()
                ctx.check(_prepared_new(ctx.handle, self._tpl.handle, ctypes.byref(prep)))  # type: ignore[misc]
                self._prep = prep

    @property
    def prepared(self) -> bool:
        """True when render_many uses the library's prepared send path."""
        return self._prep is not None

    def _context(self, function: str) -> Context:
        return Context.for_call(function, self._options)

    def _handle(self, function: str) -> Any:
        if self._tpl is None or not self._tpl.handle:
            raise ArgumentValueError("the template is closed", function, "self")
        return self._tpl.handle

    def lint(self) -> Report:
        """Validate the template (as watpl.lint)."""
        handle = self._handle("Template.lint")
        with self._context("Template.lint") as ctx:
            rep = c_void_p()
            ctx.check(_validate(ctx.handle, handle, ctypes.byref(rep)))
            try:
                return report_from_handle(ctx, rep)
            finally:
                _report_free(rep)

    def classify(self) -> Classification:
        """Predict its category (as watpl.classify)."""
        handle = self._handle("Template.classify")
        with self._context("Template.classify") as ctx:
            out = c_void_p()
            ctx.check(_classify(ctx.handle, handle, ctypes.byref(out)))
            return _classification(ctx, out)

    def render(self, params: ParamsInput, auth_code: Optional[str] = None) -> Rendered:
        """One send (as watpl.render, without reading the template again)."""
        handle = self._handle("Template.render")
        pdata = _args.json_text("Template.render", "params", params, (list, dict),
                                "a list, a dict, a JSON str or bytes")
        code = _args.optional_text("Template.render", "auth_code", auth_code)
        with self._context("Template.render") as ctx:
            p = c_void_p()
            r = c_void_p()
            try:
                ctx.check(_params_parse(ctx.handle, pdata, len(pdata), ctypes.byref(p)), "params")
                if code is not None:
                    ctx.check(_params_set_auth_code(p, code, len(code)), "auth_code")
                ctx.check(_render(ctx.handle, handle, p, ctypes.byref(r)))
                return rendered_from_handle(ctx, r, p)
            finally:
                _rendered_free(r)
                _params_free(p)

    @overload
    def render_many(self, sends: Iterable[ParamsInput], *,
                    on_error: Literal["raise"] = "raise") -> Iterator[Rendered]: ...

    @overload
    def render_many(self, sends: Iterable[ParamsInput], *,
                    on_error: Literal["yield"]) -> Iterator[Union[Rendered, InputError]]: ...

    def render_many(self, sends: Iterable[ParamsInput], *,
                    on_error: OnError = "raise") -> Iterator[Union[Rendered, InputError]]:
        """Render each send of `sends` (the parameters of one message each: Meta's
        components list, a dict holding it, or a whole message object, whose
        "to" becomes Rendered.to), lazily and in order.

        A send whose parameters cannot be read raises InputError (`on_error`
        "raise", the default: the iteration ends there) or is yielded as that
        InputError in its place (`on_error` "yield": the campaign goes on).
        """
        handle = self._handle("Template.render_many")
        if on_error not in ("raise", "yield"):
            raise ArgumentValueError("argument 'on_error' must be 'raise' or 'yield', not %r" % (on_error,),
                                           "Template.render_many", "on_error")
        if isinstance(sends, (str, bytes, bytearray, memoryview, Mapping)):
            raise _args.wrong_type("Template.render_many", "sends", "an iterable of sends (not one send)", sends)
        try:
            items = iter(sends)
        except TypeError:
            raise _args.wrong_type("Template.render_many", "sends", "an iterable of sends", sends) from None
        if self._prep is not None:
            return self._many_prepared(items, on_error == "yield")
        return self._many_plain(handle, items, on_error == "yield")

    def _many_prepared(self, items: Iterator[object], keep_going: bool) -> Iterator[Union[Rendered, InputError]]:
        assert _params_new and _rendered_new and _params_clear and _params_add_json and _send_render
        with self._context("Template.render_many") as ctx:
            params = c_void_p()
            out = c_void_p()
            try:
                ctx.check(_params_new(ctypes.byref(params), ctx.handle))
                ctx.check(_rendered_new(ctypes.byref(out), ctx.handle))
                for item in items:
                    data = _send_json(item)
                    _params_clear(params)
                    rc = _params_add_json(ctx.handle, params, data, len(data))
                    if rc != 0:
                        err = self._send_error(ctx, rc)
                        if not keep_going:
                            raise err
                        yield err
                        continue
                    ctx.check(_send_render(ctx.handle, self._prep, params, out))
                    yield rendered_from_handle(ctx, out, params)
            finally:
                _rendered_free(out)
                _params_free(params)

    def _many_plain(self, handle: Any, items: Iterator[object],
                    keep_going: bool) -> Iterator[Union[Rendered, InputError]]:
        with self._context("Template.render_many") as ctx:
            for item in items:
                data = _send_json(item)
                p = c_void_p()
                r = c_void_p()
                try:
                    rc = _params_parse(ctx.handle, data, len(data), ctypes.byref(p))
                    if rc != 0:
                        err = self._send_error(ctx, rc)
                        if not keep_going:
                            raise err
                        yield err
                        continue
                    ctx.check(_render(ctx.handle, handle, p, ctypes.byref(r)))
                    yield rendered_from_handle(ctx, r, p)
                finally:
                    _rendered_free(r)
                    _params_free(p)

    @staticmethod
    def _send_error(ctx: Context, rc: int) -> InputError:
        """The InputError of a send that cannot be read; any other failure is raised."""
        err = error_for(rc, "Template.render_many", "sends", ctx.handle)
        if not isinstance(err, InputError):
            raise err
        return err

    def close(self) -> None:
        """Free the template now (it is also freed when collected)."""
        prep = getattr(self, "_prep", None)
        if prep is not None and _prepared_free is not None:
            _prepared_free(prep)
        self._prep = None
        tpl = getattr(self, "_tpl", None)
        if tpl is not None:
            tpl.close()

    def __del__(self) -> None:
        self.close()

    def __enter__(self) -> "Template":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["Template", "OnError"]
