package facade_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/proxyshard/proxyshard-go/facade"
)

func TestCentsString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   facade.Cents
		want string
	}{
		{0, "$0.00"},
		{5, "$0.05"},
		{99, "$0.99"},
		{100, "$1.00"},
		{1234, "$12.34"},
		{100000, "$1000.00"},
		{-5, "-$0.05"},
		{-1234, "-$12.34"},
		{math.MaxInt64, "$92233720368547758.07"},
		{math.MinInt64, "-$92233720368547758.08"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.in.String(), "Cents(%d)", int64(tt.in))
	}
}

func TestCentsDollars(t *testing.T) {
	t.Parallel()
	d, c := facade.Cents(1234).Dollars()
	assert.Equal(t, [2]int64{12, 34}, [2]int64{d, c})
	d, c = facade.Cents(-1234).Dollars()
	assert.Equal(t, [2]int64{-12, -34}, [2]int64{d, c})
}
