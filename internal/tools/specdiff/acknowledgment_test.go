package specdiff

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadAcknowledgments(t *testing.T) {
	tests := []struct {
		name    string
		content *string // nil: no file at all
		want    []Acknowledgment
		wantErr string
	}{
		{name: "a missing file acknowledges nothing"},
		{name: "an empty list", content: ptr("acknowledged: []\n")},
		{name: "an empty file", content: ptr("# nothing yet\n")},
		{
			name:    "entries with reasons",
			content: ptr("acknowledged:\n  - id: abc\n    change: GET /x gone\n    reason: upstream removed it\n"),
			want:    []Acknowledgment{{ID: "abc", Change: "GET /x gone", Reason: "upstream removed it"}},
		},
		{name: "an empty reason", content: ptr("acknowledged:\n  - id: abc\n    reason: '  '\n"), wantErr: "entry 1: reason is empty (id abc)"},
		{name: "no reason", content: ptr("acknowledged:\n  - id: abc\n"), wantErr: "entry 1: reason is empty"},
		{name: "no id", content: ptr("acknowledged:\n  - reason: because\n"), wantErr: "entry 1: id is empty"},
		{name: "a misspelt field", content: ptr("acknowledged:\n  - id: abc\n    reasn: because\n"), wantErr: "field reasn not found"},
		{
			name:    "an id twice",
			content: ptr("acknowledged:\n  - {id: abc, reason: a}\n  - {id: abc, reason: b}\n"),
			wantErr: "entry 2: id abc is already acknowledged by entry 1",
		},
		{name: "not YAML", content: ptr("acknowledged: [\n"), wantErr: "breaking-changes.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "breaking-changes.yaml")
			if tt.content != nil {
				require.NoError(t, os.WriteFile(path, []byte(*tt.content), 0o644))
			}
			got, err := ReadAcknowledgments(path)
			if tt.wantErr != "" {
				var ackErr *AcknowledgmentError
				require.ErrorAs(t, err, &ackErr)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.Contains(t, err.Error(), path)
				return
			}
			require.NoError(t, err)
			assert.ElementsMatch(t, tt.want, got)
		})
	}
}

// What the gate suggests, with a reason filled in, is a valid file that
// acknowledges exactly those changes.
func TestSuggestedAcknowledgmentsAcknowledgeTheChanges(t *testing.T) {
	report, err := Compare(effective(t, currentDCISP).Spec, effective(t, olderDCISP).Spec)
	require.NoError(t, err)
	breaking := report.Breaking()
	require.Len(t, breaking, 4)

	var file strings.Builder
	file.WriteString("acknowledged:\n")
	require.NoError(t, SuggestAcknowledgments(&file, breaking))
	assert.Contains(t, file.String(), "  - id: "+breaking[0].Fingerprint+"\n")
	path := filepath.Join(t.TempDir(), "breaking-changes.yaml")

	require.NoError(t, os.WriteFile(path, []byte(file.String()), 0o644))
	_, err = ReadAcknowledgments(path)
	require.Error(t, err, "a suggestion without a reason does not acknowledge anything")

	filled := strings.ReplaceAll(file.String(), `reason: ""`, "reason: add-ons withdrawn")
	require.NoError(t, os.WriteFile(path, []byte(filled), 0o644))
	acks, err := ReadAcknowledgments(path)
	require.NoError(t, err)
	require.Len(t, acks, 4)
	for i, a := range acks {
		assert.Equal(t, breaking[i].Fingerprint, a.ID)
		assert.Equal(t, breaking[i].String(), a.Change)
	}
}

func TestWriteNoAcknowledgmentsIsAValidEmptyFile(t *testing.T) {
	var out strings.Builder
	require.NoError(t, WriteNoAcknowledgments(&out))
	path := filepath.Join(t.TempDir(), "breaking-changes.yaml")
	require.NoError(t, os.WriteFile(path, []byte(out.String()), 0o644))
	acks, err := ReadAcknowledgments(path)
	require.NoError(t, err)
	assert.Empty(t, acks)
	assert.Contains(t, out.String(), "# Breaking changes between api/released.json")
}

func ptr(s string) *string { return &s }
