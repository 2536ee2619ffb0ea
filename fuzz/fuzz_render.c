/* Fuzz target: a template and send-time parameters, separated by a NUL byte
 * (template JSON first), rendered and serialized. SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <string.h>

#include "watpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *sep = memchr(data, 0, size);
    size_t tlen = sep ? (size_t)(sep - data) : size;
    const char *params_json = sep ? (const char *)sep + 1 : "";
    size_t plen = sep ? size - tlen - 1 : 0;
    watpl_ctx *ctx = NULL;
    if (watpl_ctx_new(&ctx))
        return 0;
    watpl_template *tpl = NULL;
    watpl_params *params = NULL;
    if (watpl_template_parse_json(ctx, (const char *)data, tlen, &tpl) == WATPL_OK) {
        if (watpl_params_parse_json(ctx, params_json, plen, &params) != WATPL_OK) {
            /* Fall back to raw values: the bytes as body, header and URL values. */
            if (watpl_params_new(&params, ctx) == WATPL_OK) {
                watpl_params_add(params, WATPL_COMPONENT_BODY, 0, NULL, 0, params_json, plen);
                watpl_params_add(params, WATPL_COMPONENT_HEADER, 0, NULL, 0, params_json, plen);
                watpl_params_add(params, WATPL_COMPONENT_BUTTONS, 0, NULL, 0, params_json, plen);
                watpl_params_set_coupon_code(params, params_json, plen);
                watpl_params_set_auth_code(params, params_json, plen);
            }
        }
        watpl_rendered *r = NULL;
        if (params && watpl_render(ctx, tpl, params, &r) == WATPL_OK) {
            char *json = NULL;
            if (watpl_rendered_to_json(ctx, r, &json, NULL) == WATPL_OK)
                watpl_free(json);
            char small[8];
            size_t needed = 0;
            watpl_rendered_copy(r, WATPL_COMPONENT_BODY, 0, small, sizeof small, &needed);
        }
        watpl_rendered_free(r);
    }
    watpl_params_free(params);
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
    return 0;
}
