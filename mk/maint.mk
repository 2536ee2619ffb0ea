# Checks of the code's shape (lib/README.md), part of `make check`: no limit
# defined in two files of lib/ (it lives in lib/limits_internal.h) and no
# macro copied between files, and no link-time cycle between the library's
# modules (from nm of the objects).
.PHONY: check-defines check-layers

check-defines:
	@sh tools/check-defines.sh lib

check-layers: $(STLIB)
	@sh tools/check-layers.sh tools/layers-allowed.txt $(LIB_OBJ_STATIC)

check: check-defines check-layers
