package facade

import (
	"fmt"
	"io"
)

// readCapped reads a whole body, failing once it passes limit bytes. size
// is the declared Content-Length (-1 if unknown): a body declared too large
// is refused unread.
func readCapped(r io.Reader, size, limit int64) ([]byte, error) {
	if size > limit {
		return nil, fmt.Errorf("%w: body of %d bytes is larger than %d", ErrInvalidResponse, size, limit)
	}
	// One byte past the limit tells a body of exactly limit bytes from a longer one.
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: body larger than %d bytes", ErrInvalidResponse, limit)
	}
	if err != nil {
		return nil, err
	}
	return body, nil
}
