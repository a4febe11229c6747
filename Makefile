# Conveniences over scripts/; the scripts are what README and CI call.
.PHONY: samples test fonts build bench clean
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
clean:
	rm -rf .build out
