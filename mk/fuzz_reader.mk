# The record reader of the command (fuzz/fuzz_reader.c includes cli/input.c
# and cli/output.c): one more fuzz target, replayed by `make fuzz-regress`.
FUZZ_TARGETS += reader
fuzz-regress: $(B)/fuzz/replay_reader
$(B)/fuzz/replay_reader: cli/input.c cli/output.c cli/cli_internal.h
