package facadetest

import (
	"context"

	"github.com/proxyshard/proxyshard-go/gen"
)

// The health probes declare no security; serve lets them through without
// a token (see public).

// GetHealth answers that the service is up.
func (st *state) GetHealth(context.Context, gen.GetHealthRequestObject) (gen.GetHealthResponseObject, error) {
	return gen.GetHealth200Response{}, nil
}

// GetLiveness answers that the process is alive.
func (st *state) GetLiveness(context.Context, gen.GetLivenessRequestObject) (gen.GetLivenessResponseObject, error) {
	return gen.GetLiveness200Response{}, nil
}
