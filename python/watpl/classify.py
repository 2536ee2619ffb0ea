"""Classification: watpl.classify(template) and watpl.classify_text(text)."""
import ctypes
import json

from ._lib import Context, Template, c_char_p, c_int, c_size_t, c_void_p, fn, to_bytes

_classify = fn("watpl_classify", c_int, c_void_p, c_void_p, ctypes.POINTER(c_void_p))
_classify_text = fn("watpl_classify_text", c_int, c_void_p, c_char_p, c_size_t, c_char_p, c_size_t,
                    ctypes.POINTER(c_void_p))
_free = fn("watpl_classification_free", None, c_void_p)
_to_json = fn("watpl_classification_to_json", c_int, c_void_p, c_void_p, ctypes.POINTER(c_void_p),
              ctypes.POINTER(c_size_t))


class Signal:
    """One reason for the prediction: a lexicon phrase or a structural fact."""

    __slots__ = ("rule", "category", "weight", "component", "index", "offset", "length", "text")

    def __init__(self, d):
        for key in self.__slots__:
            setattr(self, key, d.get(key))

    def __repr__(self):
        return "Signal(%s -> %s %+.2f %r)" % (self.rule, self.category, self.weight, self.text)


class Classification:
    """Predicted category, confidence, per-category scores and signals."""

    def __init__(self, data):
        self.data = data
        self.category = data["category"]
        self.confidence = data["confidence"]
        self.scores = data["scores"]
        self.declared = data.get("declared")
        self.language = data.get("detected_language")
        self.signals = [Signal(s) for s in data["signals"]]

    def __repr__(self):
        return "Classification(%s, %.2f)" % (self.category, self.confidence)


def _result(ctx, handle):
    try:
        return Classification(json.loads(ctx.take_string(_to_json, handle)))
    finally:
        _free(handle)


def classify(template, **options):
    """Predict the category Meta will give a template (dict, JSON str or bytes)."""
    with Context(**options) as ctx:
        tpl = Template(ctx, template)
        try:
            out = c_void_p()
            ctx.check(_classify(ctx.handle, tpl.handle, ctypes.byref(out)))
            return _result(ctx, out)
        finally:
            tpl.close()


def classify_text(text, language=None, **options):
    """Classify a bare text; language is a Meta code (pt_BR) or None to detect it."""
    data = to_bytes(text)
    lang = to_bytes(language) if language else None
    with Context(**options) as ctx:
        out = c_void_p()
        ctx.check(_classify_text(ctx.handle, data, len(data), lang, len(lang) if lang else 0,
                                 ctypes.byref(out)))
        return _result(ctx, out)


__all__ = ["classify", "classify_text", "Classification", "Signal"]
