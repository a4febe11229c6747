# Conveniences over scripts/; the scripts are what README and CI call.
PREFIX ?= /usr/local
.PHONY: samples test fonts build bench clean install
samples:
	scripts/samples.sh
test:
	scripts/test.sh
fonts:
	scripts/prepare-fonts.sh
build:
	swift build -c release --static-swift-stdlib
bench:
	scripts/bench.sh
install:
	scripts/install.sh "$(PREFIX)"
clean:
	rm -rf .build out
