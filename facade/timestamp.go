package facade

import "time"

// Timestamp is a time the API sent as text (expires_at, created_at, until).
// The API documents them only as "ISO8601", so Time is set when the text
// fits one of the common layouts, and Raw always keeps the text as sent: a
// layout this package does not know loses nothing.
type Timestamp struct {
	Time time.Time // zero when Raw is empty or did not parse
	Raw  string
}

// IsZero reports whether the time is unknown.
func (t Timestamp) IsZero() bool { return t.Time.IsZero() }

// String returns the time in RFC 3339, or the raw text if it did not parse.
func (t Timestamp) String() string {
	if t.Time.IsZero() {
		return t.Raw
	}
	return t.Time.Format(time.RFC3339)
}

// timestampLayouts are tried in order; those without a zone are read as UTC.
var timestampLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	time.DateOnly,
}

func parseTimestamp(raw string) Timestamp {
	if raw == "" {
		return Timestamp{}
	}
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, raw); err == nil {
			return Timestamp{Time: t, Raw: raw}
		}
	}
	return Timestamp{Raw: raw}
}

func parseTimestampPtr(raw *string) Timestamp { return parseTimestamp(deref(raw)) }
