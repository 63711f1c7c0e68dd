package compiletest

// What the test compiles and runs in its offline copy of the module
// (GOPROXY=off): the generator, built from the first two packages, which no
// package of either module imports, the root module's libraries, and the
// spec tools the commands are built on (gen brings the modules the facade and
// the fake need; importing the facade itself would relink this test after
// every facade edit for nothing). Importing them here makes `go test` fetch their
// modules (golang.org/x/tools, golang.org/x/mod, oasdiff, ...) before the
// test runs, as it fetches every dependency of a test, so the test passes on
// a machine whose module cache started empty, run alone or with ./...
import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	_ "github.com/oapi-codegen/oapi-codegen/v2/pkg/util"

	_ "github.com/proxyshard/proxyshard-go/api"
	_ "github.com/proxyshard/proxyshard-go/gen"
	_ "github.com/proxyshard/proxyshard-go/internal/specmerge"
	_ "github.com/proxyshard/proxyshard-go/internal/tools/specdiff"
)
