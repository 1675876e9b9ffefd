# Convenience targets; the README's two commands need only bash, Go and npm.
.PHONY: build assets demo test
build: assets
	mkdir -p bin && go build -o bin/amtsweg ./cmd/amtsweg
assets:
	bash scripts/assets.sh
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
