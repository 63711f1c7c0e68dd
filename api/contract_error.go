package api

import (
	"errors"
	"strings"
)

// Side says which half of an exchange broke the contract.
type Side string

const (
	SideRequest  Side = "request"
	SideResponse Side = "response"
)

// ContractError is one way a request or a response differs from the
// effective spec. Field says where ("query.limit", "path.order_id",
// "header.Content-Type", "body.items[0].signature", "status", "route"), so a
// failing test points at the exact place to fix.
//
// It never holds header values or the bearer token: reasons come from the
// validator and describe values of parameters and JSON bodies only.
type ContractError struct {
	Operation    string // operationId such as "getMe"; "" when no operation matches
	Method, Path string // the request's method and URL path
	Side         Side
	Field        string
	Reason       string
}

func (e *ContractError) Error() string {
	var b strings.Builder
	b.WriteString("api contract: ")
	b.WriteString(string(e.Side))
	b.WriteString(" of ")
	if e.Operation != "" {
		b.WriteString(e.Operation)
		b.WriteByte(' ')
	}
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.Path)
	b.WriteString(": ")
	b.WriteString(e.Field)
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// NotSent reports whether the request was kept from the server: in fail
// mode a request that breaks the contract is refused before it is sent. A
// client uses it to tell "nothing was sent" from "the outcome is unknown".
func (e *ContractError) NotSent() bool { return e.Side == SideRequest }

// Final reports that sending the same request again cannot help: the
// contract is broken, not the network. A retry policy stops on it, so a
// violation is never turned into a success by a second try.
func (e *ContractError) Final() bool { return true }

// asContractError is errors.As for a validator's result, with the target
// declared only once there is an error: errors.As makes its target escape,
// which cost two allocations on every call that passed.
func asContractError(err error) *ContractError {
	if err == nil {
		return nil
	}
	var violation *ContractError
	if errors.As(err, &violation) {
		return violation
	}
	return nil
}
