"""libwatpl for Python: WhatsApp Business message templates checked locally.

    import watpl
    report = watpl.lint({"name": "order_update", "language": "en_US", "category": "UTILITY",
                         "components": [{"type": "BODY", "text": "Your order {{1}} has shipped."}]})

Pure Python over the C library (ctypes). See docs/python.md.
"""
from ._lib import Context, Error, version
from .classify import Classification, Signal, classify, classify_text
from .lint import Diagnostic, Report, lint, rules
from .render import Rendered, render
from .window import Window

__all__ = ["Context", "Error", "version", "lint", "rules", "Report", "Diagnostic", "classify",
           "classify_text", "Classification", "Signal", "render", "Rendered", "Window"]
