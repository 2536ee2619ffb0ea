/* One approved template sent to many recipients: prepared once, each send
 * rendered into the same parameter set and rendering (no allocation once
 * warm), a send with a bad value refused with its reason.
 *   cc -o campaign campaign.c $(pkg-config --cflags --libs libwatpl)
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include <watpl.h>

static const char template_json[] =
    "{\"name\": \"order_shipped\", \"language\": \"en_US\", \"category\": \"UTILITY\", \"components\": ["
    " {\"type\": \"BODY\", \"text\": \"Hi {{1}}, your order {{2}} has shipped. Track it with the button below.\","
    "  \"example\": {\"body_text\": [[\"Ana\", \"A-1042\"]]}},"
    " {\"type\": \"BUTTONS\", \"buttons\": [{\"type\": \"URL\", \"text\": \"Track\","
    "  \"url\": \"https://shop.example.com/track/{{1}}\", \"example\": [\"A-1042\"]}]}]}";

struct recipient {
    const char *phone, *name, *order;
};

static const struct recipient recipients[] = {
    {"+4915100000001", "Ana", "A-1042"},
    {"+4915100000002", "Bjørn", "A-1043"},
    {"+4915100000003", "Zoë\nMarie", "A-1044"}, /* a line break: Meta refuses it (132018) */
    {"+4915100000004", "محمد", "A-1045"},
};

static int fail(watpl_ctx *ctx, int rc, const char *what)
{
    fprintf(stderr, "%s: %s (%s)\n", what, watpl_strerror(rc), ctx ? watpl_ctx_errmsg(ctx) : "");
    return 1;
}

int main(void)
{
    watpl_ctx *ctx = NULL;
    watpl_template *tpl = NULL;
    watpl_prepared *prep = NULL;
    watpl_params *params = NULL;
    watpl_rendered *out = NULL;
    int rc = watpl_ctx_new(&ctx);
    if (rc)
        return fail(NULL, rc, "watpl_ctx_new");
    if ((rc = watpl_template_parse_json(ctx, template_json, strlen(template_json), &tpl)) ||
        (rc = watpl_prepared_new(ctx, tpl, &prep)) || (rc = watpl_params_new(&params, ctx)) ||
        (rc = watpl_rendered_new(&out, ctx)))
        return fail(ctx, rc, "setup");
    watpl_template_free(tpl); /* the prepared template keeps what it needs */
    size_t sent = 0;
    for (size_t i = 0; i < sizeof recipients / sizeof recipients[0]; i++) {
        const struct recipient *r = &recipients[i];
        watpl_params_clear(params);
        if ((rc = watpl_params_add(params, WATPL_COMPONENT_BODY, 0, NULL, 0, r->name, strlen(r->name))) ||
            (rc = watpl_params_add(params, WATPL_COMPONENT_BODY, 0, NULL, 0, r->order, strlen(r->order))) ||
            (rc = watpl_params_add(params, WATPL_COMPONENT_BUTTONS, 0, NULL, 0, r->order, strlen(r->order))) ||
            (rc = watpl_send_render(ctx, prep, params, out)))
            return fail(ctx, rc, "send");
        const watpl_report *rep = watpl_rendered_report(out);
        if (watpl_report_errors(rep)) {
            printf("%s: not sent: %s (%s)\n", r->phone, watpl_report_message(rep, 0), watpl_report_rule(rep, 0));
            continue;
        }
        size_t len = 0;
        const char *payload = watpl_rendered_payload_json(out, &len);
        printf("%s: %s\n  components %.*s\n", r->phone, watpl_rendered_body(out, NULL), (int)len, payload);
        sent++;
    }
    printf("%zu of %zu sent\n", sent, sizeof recipients / sizeof recipients[0]);
    watpl_rendered_free(out);
    watpl_params_free(params);
    watpl_prepared_free(prep);
    watpl_ctx_free(ctx);
    return sent == 3 ? 0 : 1;
}
