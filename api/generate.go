package api

// The whole chain, pages -> merged spec -> generated client, in order:
// `go generate ./...` (or `make generate`) from the module root.
//go:generate go run ../internal/cmd/specmerge -manifest upstream/manifest.json -out openapi.json
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config ../oapi-codegen.yaml openapi.json
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config ../oapi-codegen-spec.yaml openapi.json
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config ../oapi-codegen-build.yaml openapi.json
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config ../oapi-codegen-build-test.yaml openapi.json
//go:generate go run ../internal/cmd/answershapes -out ../internal/answers/shapes.gen.go -decoders ../internal/answers/decode.gen.go
