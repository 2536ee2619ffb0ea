/* `watpl`: the library's operations at the command line (docs/cli.md).
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "cli_internal.h"

static void usage(FILE *f)
{
    fputs("usage: watpl <command> [options] [FILE...]\n"
          "\n"
          "commands:\n"
          "  lint     [--json] [--category CAT] [--unit utf16|codepoints] [FILE...]\n"
          "           check templates against Meta's rules\n"
          "  classify [--json] [FILE...]\n"
          "           predict the category Meta will give each template, and why\n"
          "  render   [--json] --params PARAMS.json TEMPLATE.json\n"
          "           substitute send-time parameters and check them\n"
          "  window   [--json] [--schedule 2025-07|2026-10] [--state PATH] [--batch N] [FILE...]\n"
          "           replay events and answer window and pricing queries (JSON Lines)\n"
          "  broadcast [--json] --template TEMPLATE.json [--state DB] [--at TIME] [--currency CUR] [SENDS...]\n"
          "           plan a campaign: who may receive it, what is free, what it costs\n"
          "  version  print the version\n"
          "\n"
          "FILE holds a template object, an array of them, JSON Lines or a GET page;\n"
          "standard input is read when no FILE (or -) is given.\n"
          "exit status: 0 ok, 1 a template has an error (lint), 2 usage or unreadable input.\n",
          f);
}

static int run_command(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    /* `watpl <command> --help` (before a `--`) prints the usage */
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return CLI_EXIT_OK;
        }
    }
    if (strcmp(cmd, "lint") == 0)
        return watpl__cmd_lint(argc - 1, argv + 1);
    if (strcmp(cmd, "classify") == 0)
        return watpl__cmd_classify(argc - 1, argv + 1);
    if (strcmp(cmd, "render") == 0)
        return watpl__cmd_render(argc - 1, argv + 1);
    if (strcmp(cmd, "window") == 0)
        return watpl__cmd_window(argc - 1, argv + 1);
    if (strcmp(cmd, "broadcast") == 0)
        return watpl__cmd_broadcast(argc - 1, argv + 1);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        /* the command's own version (the header it was built with), then the library's */
        printf("watpl %d.%d.%d (libwatpl %s)\n", WATPL_VERSION_MAJOR, WATPL_VERSION_MINOR, WATPL_VERSION_PATCH,
               watpl_version_string());
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    fprintf(stderr, "watpl: unknown command '%s'\n", cmd);
    usage(stderr);
    return CLI_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    int st = run_command(argc, argv);
    /* every command's output is checked here, once: a full disk or a closed
     * standard output is an error, not a silent loss */
    int out = cli_flush_output(stdout);
    return out > st ? out : st;
}
