package answers

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/gen"
)

// verdictAgrees reads body with Verdict and with encoding/json as the
// client did before; where Verdict answers, the two agree.
func verdictAgrees(t *testing.T, body string) (ok bool) {
	t.Helper()
	want := gen.APIError{Success: true}
	_ = json.Unmarshal([]byte(body), &want)
	success, message, ok := Verdict([]byte(body))
	if !ok {
		return false
	}
	require.Equal(t, want.Success, success, "success of %q", body)
	require.Equal(t, want.Message, message, "message of %q", body)
	return true
}

var verdictCases = []string{
	`{"success":false,"message":"order not found"}`,
	`{"success":true}`,
	`{"message":"no success at all"}`,
	`{"success":false}`,
	`{"SUCCESS":false,"Message":"in another case"}`,
	`{"ſuccess":false}`,
	`{"success":false,"success":true}`,
	`{"success":true,"success":false,"message":"a","message":"b"}`,
	`{"success":"false","message":"a string is no boolean"}`,
	`{"success":null,"message":null}`,
	`{"success":0}`,
	`{"success":false,"message":7}`,
	`{"success":false,"message":"caf\u00e9 \ud83d\ude00 \"quoted\""}`,
	"{\"success\":false,\"message\":\"bad \xff byte\"}",
	`{"success":false,"message":{"nested":"no"}}`,
	`{"orders":[{"auto_renewal":false,"success":true}],"success":true}`,
	`{"data":{"success":false},"success":true}`,
	`[{"success":false}]`,
	`[false]`,
	`"false"`,
	`false`,
	`{"success":false} trailing`,
	`{"success":false,}`,
	`{"success":false`,
	`{"success":false,"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`,
	` {"success" : false , "message" : "spaced" } `,
	``,
}

func TestVerdictAgreesWithEncodingJSON(t *testing.T) {
	answered := 0
	for _, body := range verdictCases {
		if verdictAgrees(t, body) {
			answered++
		}
	}
	assert.Greater(t, answered, len(verdictCases)*2/3, "Verdict answers most of them itself")
	success, message, ok := Verdict([]byte(`{"success":false,"message":"order not found"}`))
	assert.True(t, ok)
	assert.False(t, success)
	assert.Equal(t, "order not found", message)
}

// A page that mentions false somewhere is read without allocating.
func TestVerdictOfAPageAllocatesNothing(t *testing.T) {
	page := []byte(ordersPage(100, strings.Replace(fullOrder, `"auto_renewal":true`, `"auto_renewal":false`, 1)))
	success, _, ok := Verdict(page)
	require.True(t, ok)
	require.True(t, success)
	assert.Zero(t, testing.AllocsPerRun(50, func() { _, _, _ = Verdict(page) }))
}

func FuzzVerdict(f *testing.F) {
	for _, body := range verdictCases {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) { verdictAgrees(t, body) })
}
