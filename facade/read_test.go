package facade

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readCapped reads whole bodies of any declared size (right, wrong or
// unknown), in pieces of any size, and refuses one past the limit.
func TestReadCapped(t *testing.T) {
	t.Parallel()
	const limit = 4096
	body := strings.Repeat("0123456789", 300) // 3000 bytes
	for _, size := range []int64{-1, 0, 10, 2999, 3000, 3001, limit} {
		for name, r := range map[string]func() io.Reader{
			"whole":       func() io.Reader { return strings.NewReader(body) },
			"byte a time": func() io.Reader { return iotest.OneByteReader(strings.NewReader(body)) },
			"data+EOF":    func() io.Reader { return iotest.DataErrReader(strings.NewReader(body)) },
		} {
			got, err := readCapped(r(), size, limit)
			require.NoError(t, err, "%s, declared %d", name, size)
			assert.Equal(t, body, string(got), "%s, declared %d", name, size)
		}
	}

	exact := bytes.Repeat([]byte("x"), limit)
	got, err := readCapped(bytes.NewReader(exact), limit, limit)
	require.NoError(t, err, "a body of exactly the limit")
	assert.Len(t, got, limit)

	for _, size := range []int64{-1, 10, limit} {
		_, err = readCapped(bytes.NewReader(append(exact, 'y')), size, limit)
		require.ErrorIs(t, err, ErrInvalidResponse, "one byte past the limit, declared %d", size)
	}
	_, err = readCapped(strings.NewReader("{}"), limit+1, limit)
	require.ErrorIs(t, err, ErrInvalidResponse, "declared past the limit")

	broken := errors.New("connection reset")
	_, err = readCapped(io.MultiReader(strings.NewReader(body), iotest.ErrReader(broken)), 4000, limit)
	require.ErrorIs(t, err, broken, "a body that breaks off")
}
