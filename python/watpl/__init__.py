"""libwatpl for Python: WhatsApp Business message templates checked locally.

    import watpl
    report = watpl.lint({"name": "order_update", "language": "en_US", "category": "UTILITY",
                         "components": [{"type": "BODY", "text": "Your order {{1}} has shipped."}]})

A typed, pure-Python package over the C library (ctypes). See docs/python.md.
"""
from ._errors import (ArgumentTypeError, ArgumentValueError, Error, InputError, LibraryError, LimitError,
                      OutOfMemoryError, SavedStateError, UsageError)
from ._lib import Context, Origin, library_origin, library_path, version, version_tuple
from ._types import (Category, Component, CountUnit, Device, Entry, Initiator, Kind, Placement, PricingCategory,
                     PricingModel, PricingType, Schedule, Severity, Time)
from ._version import __version__
from .classify import Classification, Signal, classify, classify_text
from .lint import Diagnostic, Report, Rule, TemplateInput, lint, rules
from .render import ParamsInput, Rendered, render
from .template import OnError, Template
from .pricing import Card, Market, Price, Rates, market_of, price_message
from .window import Answer, Window

__all__ = [
    "__version__", "version", "version_tuple", "library_path", "library_origin", "Origin",
    "lint", "rules", "Report", "Diagnostic", "Rule", "TemplateInput",
    "classify", "classify_text", "Classification", "Signal",
    "render", "Rendered", "ParamsInput", "Template", "OnError",
    "Window", "Answer", "Time", "Context",
    "Price", "Market", "Card", "Rates", "market_of", "price_message",
    "Category", "Kind", "Schedule", "Severity", "Component", "CountUnit", "Entry", "Device", "Placement",
    "PricingModel", "PricingCategory", "PricingType", "Initiator",
    "Error", "InputError", "LimitError", "SavedStateError", "UsageError", "ArgumentTypeError",
    "ArgumentValueError", "OutOfMemoryError", "LibraryError",
]
