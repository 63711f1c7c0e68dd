package specdiff

import "github.com/oasdiff/oasdiff/checker"

// What counts as breaking is oasdiff's rules, with two choices of ours.
//
// oasdiff rates a change ERR (breaks clients), WARN (may break: a removed
// request parameter or property) or INFO. For a generated Go client a removed
// parameter or property deletes a field that callers set, which breaks their
// build, so WARN counts as breaking too.
const breakingLevel = checker.WARN

// sdkLevels raises changes oasdiff considers safe on the wire but that delete
// a name from the generated Go API, so code that uses the name stops
// compiling.
var sdkLevels = map[string]checker.Level{
	// the response struct loses the field
	checker.ResponseOptionalPropertyRemovedId: checker.ERR,
	// ClientWithResponses loses the JSON<status> field
	checker.ResponseNonSuccessStatusRemovedId: checker.ERR,
	// the enum type loses the constant
	checker.ResponsePropertyEnumValueRemovedId: checker.ERR,
	// the client method is named after the operationId
	checker.APIOperationIdRemovedId: checker.ERR,
}

func checkerConfig() *checker.Config {
	return checker.NewConfig(checker.GetAllChecks(), checker.WithSeverityLevels(sdkLevels))
}
