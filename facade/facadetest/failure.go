package facadetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/proxyshard/proxyshard-go/gen"
)

// failure is an API error answer: a status and the ApiError message.
// Operation handlers return it as their error; writeFailure turns it into
// {"success":false,"message":...}. The response check then makes sure the
// status is one the spec documents for that operation.
type failure struct {
	status  int
	message string
}

func (f *failure) Error() string { return fmt.Sprintf("%d %s", f.status, f.message) }

func badRequest(format string, args ...any) *failure {
	return &failure{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func unauthorized() *failure { return &failure{http.StatusUnauthorized, "Unauthorized"} }

func orderNotFound() *failure { return &failure{http.StatusNotFound, "Order not found"} }

func forbidden(message string) *failure { return &failure{http.StatusForbidden, message} }

// writeFailure answers err: a *failure as itself, anything else as 500.
func writeFailure(w http.ResponseWriter, _ *http.Request, err error) {
	var f *failure
	if !errors.As(err, &f) {
		f = &failure{http.StatusInternalServerError, "internal error"}
	}
	writeAPIError(w, f.status, f.message)
}

func writeAPIError(w http.ResponseWriter, status int, message string) {
	body, _ := json.Marshal(gen.APIError{Success: false, Message: message})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
