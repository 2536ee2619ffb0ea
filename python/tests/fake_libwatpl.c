/* A stand-in libwatpl.so.1 that says it is version 2.0.0: the binding must
 * refuse it at import (python/tests/test_package.py). */
#include <stdint.h>

uint32_t watpl_version_number(void);
const char *watpl_version_string(void);

uint32_t watpl_version_number(void) { return 20000; }
const char *watpl_version_string(void) { return "2.0.0"; }
