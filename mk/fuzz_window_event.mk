# The event reader of `watpl window` (fuzz/fuzz_window_event.c includes
# cli/window_event.c): one more fuzz target, replayed by `make fuzz-regress`.
FUZZ_TARGETS += window_event
fuzz-regress: $(B)/fuzz/replay_window_event
$(B)/fuzz/replay_window_event: cli/window_event.c cli/window_event.h
