# Markets and rate cards: data files (data/pricing/) compiled into the library
# by tools/gen_pricing.py. The generated lib/rates_data.c is committed, so a
# build needs no Python; regenerate it after editing a data file.
PRICING_DATA := data/pricing/markets.csv $(sort $(wildcard data/pricing/cards/*.csv))

.PHONY: pricing-data check-pricing-data

pricing-data:
	$(PYTHON) tools/gen_pricing.py lib/rates_data.c $(PRICING_DATA)

# The committed lib/rates_data.c is what the data files give (part of `make check`).
check-pricing-data:
	@mkdir -p $(B)/gen
	$(PYTHON) tools/gen_pricing.py $(B)/gen/rates_data.c $(PRICING_DATA)
	@cmp -s $(B)/gen/rates_data.c lib/rates_data.c || { echo "lib/rates_data.c is out of date: run make pricing-data"; \
		diff -u lib/rates_data.c $(B)/gen/rates_data.c | head -20; exit 1; }

check: check-pricing-data
